/**
 * An SDK client for `--dry-run`: it prints each command it is sent, exactly as the run would send
 * it, and answers with placeholders instead of calling AWS, so that the run's own code walks its
 * whole path (resolve the stage, create the operator, remove the users) and shows every call.
 */
export const printingClient = (
  service: string,
  log: (line: string) => void,
  answer: (command: string, input: Record<string, unknown>) => unknown,
) => ({
  send: async (command: { constructor: { name: string }; input: object }) => {
    const name = command.constructor.name.replace(/Command$/, '');
    log(
      `  ${service} ${name} ${JSON.stringify(command.input, (key, value: unknown) => (key === 'Password' || key === 'PASSWORD' ? '<random>' : value))}`,
    );
    return answer(name, command.input as Record<string, unknown>);
  },
});

/** Placeholder answers: each parameter holds `<its name>`, the Stripe key a test key, each user a sub. */
export const dryRunAnswers = () => {
  const created: string[] = [];
  return {
    ssm: (_command: string, input: Record<string, unknown>) => ({
      Parameters: (input['Names'] as string[]).map((name) => ({
        Name: name,
        Value: name.endsWith('stripe-secret-key') ? 'sk_test_<not read in a dry run>' : `<${name}>`,
      })),
      InvalidParameters: [],
    }),
    cloudformation: (_command: string, input: Record<string, unknown>) => ({
      Stacks: [
        {
          Outputs: ['UserPoolId', 'UserPoolClientId'].map((key) => ({
            OutputKey: key,
            OutputValue: `<${key} of ${String(input['StackName'])}>`,
          })),
        },
      ],
    }),
    cognito: (command: string, input: Record<string, unknown>) => {
      if (command === 'AdminCreateUser') {
        created.push(String(input['Username']));
        return { User: { Attributes: [{ Name: 'sub', Value: '<sub>' }] } };
      }
      if (command === 'ListUsers') return { Users: created.map((Username) => ({ Username })) };
      return {};
    },
  };
};
