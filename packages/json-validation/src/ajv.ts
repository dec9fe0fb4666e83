import { Ajv, type Options } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

// ajv-formats is published as CommonJS with `exports.default`; bundlers and Node disagree on
// which of the two the default import is.
const addFormats = ((addFormatsPlugin as { default?: unknown }).default ?? addFormatsPlugin) as typeof addFormatsPlugin.default;

const formats = ['uuid', 'date-time', 'email'] as const;

/** JSON Schema draft-07, as the event schemas are written. */
export const createAjv = (options: Options = {}): Ajv => {
  const ajv = new Ajv({ allErrors: true, strict: true, ...options });
  addFormats(ajv, [...formats]);
  return ajv;
};

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1. */
export const createAjv2020 = (options: Options = {}): Ajv2020 => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, ...options });
  addFormats(ajv, [...formats]);
  return ajv;
};
