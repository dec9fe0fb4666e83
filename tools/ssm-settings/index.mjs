// @ts-check
/**
 * Each SSM parameter a service reads at deploy time (`{{resolve:ssm:<name>}}` in `params.default`),
 * read once for the whole stack. osls copies the provider's environment into every function, so
 * one setting there is one dynamic reference per function, and CloudFormation allows 60 a template
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html): orders
 * held 50. Here each becomes one template parameter of the type
 * `AWS::SSM::Parameter::Value<String>`, whose default is the parameter's name, and every place
 * that named it a `Ref` to it. CloudFormation fetches the latest value of such a parameter on every
 * create and update of the stack, as it does for a dynamic reference, and refuses the operation
 * before it starts when the SSM parameter does not exist
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/systems-manager-parameter-types.html);
 * it takes the default when the deploy passes no value, and osls's deploy passes none
 * (provider.stackParameters is not set; https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Parameter.html). A
 * template may have 200 parameters
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
 *
 * Left as they are, and counted by tools/stack-checks: `ssm-secure` references (SecureString has no
 * parameter type), a reference to a version or an ARN, and one inside a longer string.
 */

/** A whole value that is one plain SSM reference; its group is the parameter's name. */
const ssmReference = /^\{\{resolve:ssm:(\/?[A-Za-z0-9_.\-/]+)\}\}$/;

/**
 * The template parameter's logical id, from the name without `/ecommerce/<stage>/` (DESIGN.md's
 * naming), so that it is the same on every stage: `/ecommerce/qa/products/api/url` is ProductsApiUrl.
 * @param {string} name
 * @param {string} stage
 */
export const parameterIdOf = (name, stage) => {
  const segments = name.split('/').filter((segment) => segment !== '');
  const own = segments[0] === 'ecommerce' && segments[1] === stage ? segments.slice(2) : segments;
  return own
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
};

/**
 * @param {Record<string, any>} template a compiled CloudFormation template, changed in place
 * @param {string} stage
 */
export const readSsmSettingsOnce = (template, stage) => {
  /** @type {Record<string, { Type: string, Default: string, Description: string }>} */
  const parameters = {};
  /** @param {unknown} value @returns {unknown} */
  const replaced = (value) => {
    if (typeof value === 'string') {
      const name = ssmReference.exec(value)?.[1];
      if (name === undefined) return value;
      const id = parameterIdOf(name, stage);
      if (parameters[id] && parameters[id].Default !== name) {
        throw new Error(`the SSM parameters ${parameters[id].Default} and ${name} would both be the template parameter ${id}`);
      }
      if (template.Parameters?.[id]) throw new Error(`the template already has a parameter ${id}, for the SSM parameter ${name}`);
      parameters[id] = { Type: 'AWS::SSM::Parameter::Value<String>', Default: name, Description: `The SSM parameter ${name}` };
      return { Ref: id };
    }
    if (Array.isArray(value)) return value.map(replaced);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replaced(inner)]));
    }
    return value;
  };
  for (const section of ['Conditions', 'Resources', 'Outputs']) {
    if (template[section]) template[section] = replaced(template[section]);
  }
  if (Object.keys(parameters).length > 0) template.Parameters = { ...template.Parameters, ...parameters };
};

export default class SsmSettings {
  /**
   * @param {{
   *   service: { provider: { compiledCloudFormationTemplate: Record<string, any> } },
   *   getProvider: (name: 'aws') => { getStage: () => string },
   * }} serverless
   */
  constructor(serverless) {
    // Once `resources` are merged in, so that what they name is read once too, and before the template is written.
    this.hooks = {
      'before:aws:package:finalize:saveServiceState': () =>
        readSsmSettingsOnce(serverless.service.provider.compiledCloudFormationTemplate, serverless.getProvider('aws').getStage()),
    };
  }
}
