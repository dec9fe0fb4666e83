import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Property, PropertyType, SpecDatabase } from '@aws-cdk/service-spec-types';
import type { Template } from './templates.js';

/**
 * The CloudFormation resource specification as the AWS CDK keeps it (@aws-cdk/aws-service-spec,
 * built from the CloudFormation registry's schemas and republished as they change): every resource
 * type with its properties, their types and which are required, and the CloudWatch metrics of each
 * service with their dimension sets. Loading it takes about a second.
 */
let loaded: SpecDatabase | undefined;
export const specification = (): SpecDatabase => (loaded ??= loadAwsServiceSpecSync());

const resourceAttributes = new Set([
  'Type',
  'Properties',
  'DependsOn',
  'Condition',
  'DeletionPolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'CreationPolicy',
  'UpdatePolicy',
]);

/**
 * A value that CloudFormation computes at deploy time (`Ref`, `Fn::*`, or a `{{resolve:…}}` dynamic
 * reference): its type is known only then, so it is taken as it stands and not checked further.
 */
const isComputed = (value: unknown): boolean => {
  if (typeof value === 'string') return /^\{\{resolve:[^}]+\}\}$/.test(value);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
};

/**
 * Where the value breaks the type, or nothing. Scalars are taken as CloudFormation takes them: a
 * number or a boolean where a string is expected, a number written as a string, "true" or "false".
 */
const typeIssues = (db: SpecDatabase, value: unknown, type: PropertyType, path: string): string[] => {
  if (isComputed(value)) return [];
  const wrong = (expected: string) => [`${path}: expected ${expected}, got ${JSON.stringify(value)}`];
  switch (type.type) {
    case 'string':
    case 'date-time':
      if (!['string', 'number', 'boolean'].includes(typeof value)) return wrong('a string');
      if (type.type === 'string' && type.allowedValues && !type.allowedValues.includes(String(value))) {
        return wrong(`one of ${type.allowedValues.join(', ')}`);
      }
      return [];
    case 'number':
    case 'integer': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number)) return wrong(type.type === 'integer' ? 'an integer' : 'a number');
      if (type.type === 'integer' && !Number.isInteger(number)) return wrong('an integer');
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' || value === 'true' || value === 'false' ? [] : wrong('a boolean');
    case 'json':
      return typeof value === 'object' || typeof value === 'string' ? [] : wrong('JSON');
    case 'null':
      return value === null ? [] : wrong('null');
    case 'tag':
      return objectIssues(
        db,
        value,
        { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
        path,
      );
    case 'array':
      if (!Array.isArray(value)) return wrong('a list');
      return value.flatMap((element, index) => typeIssues(db, element, type.element, `${path}[${index}]`));
    case 'map':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong('a map');
      return Object.entries(value).flatMap(([key, element]) => typeIssues(db, element, type.element, `${path}.${key}`));
    case 'union': {
      const outcomes = type.types.map((candidate) => typeIssues(db, value, candidate, path));
      return outcomes.some((issues) => issues.length === 0) ? [] : outcomes.flat();
    }
    case 'ref':
      return objectIssues(db, value, db.get('typeDefinition', type.reference.$ref).properties, path);
  }
};

/** The value against its property: its current type, or one it had before (still accepted). */
const propertyIssues = (db: SpecDatabase, value: unknown, property: Property, path: string): string[] => {
  const outcomes = [property.type, ...(property.previousTypes ?? [])].map((type) => typeIssues(db, value, type, path));
  return outcomes.some((issues) => issues.length === 0) ? [] : outcomes[0]!;
};

const objectIssues = (db: SpecDatabase, value: unknown, properties: Record<string, Property>, path: string): string[] => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${path}: expected an object, got ${JSON.stringify(value)}`];
  }
  const given = value as Record<string, unknown>;
  return [
    ...Object.entries(properties)
      .filter(([name, property]) => property.required && !(name in given))
      .map(([name]) => `${path}: ${name} is required`),
    ...Object.entries(given).flatMap(([name, propertyValue]) => {
      const property = properties[name];
      if (!property) return [`${path}: ${name} is no property of it`];
      return propertyIssues(db, propertyValue, property, `${path}.${name}`);
    }),
  ];
};

/**
 * Every way a template's resources depart from the specification: an unknown resource type or
 * attribute, a property name it does not have, a required property missing, a value of the wrong
 * type (into nested types, lists and maps). Custom resources have no specification and are skipped.
 */
export const specificationIssues = (template: Template, db: SpecDatabase = specification()): string[] =>
  Object.entries(template.Resources).flatMap(([logicalId, resource]) => {
    if (resource.Type.startsWith('Custom::')) return [];
    const type = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (type.length === 0) return [`${logicalId}: ${resource.Type} is no resource type`];
    return [
      ...Object.keys(resource)
        .filter((key) => !resourceAttributes.has(key))
        .map((key) => `${logicalId}: ${key} is no resource attribute`),
      ...objectIssues(db, resource.Properties ?? {}, type[0]!.properties, logicalId),
    ];
  });

/** The sets of dimensions a metric of an AWS namespace is published with, each sorted; none if unknown. */
export const dimensionSetsOf = (namespace: string, metricName: string, db: SpecDatabase = specification()): string[][] =>
  db
    .lookup('metric', 'namespace', 'equals', namespace)
    .filter((metric) => metric.name === metricName)
    .flatMap((metric) => db.follow('usesDimensionSet', metric))
    .map(({ entity }) => entity.dimensions.map((dimension) => dimension.name).sort());
