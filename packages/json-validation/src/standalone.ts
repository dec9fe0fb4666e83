import { writeFileSync } from 'node:fs';
import type { AnySchema, Options } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { createAjv, createAjv2020 } from './ajv.js';
import { formats } from './runtime.js';

// Build time only: validators compiled to JavaScript once, committed, and bundled by esbuild, so a
// function neither compiles schemas at cold start nor carries ajv's compiler. Nothing at run time
// imports this module.

// CommonJS with `exports.default`, like ajv-formats (see ajv.ts).
const standaloneCode = ((standaloneCodeModule as { default?: unknown }).default ??
  standaloneCodeModule) as typeof standaloneCodeModule;

/** What the generated code requires, and the helper of ./runtime.ts that stands in for it. */
const runtimeHelpers: Record<string, string> = {
  'require("ajv/dist/runtime/equal").default': 'equal',
  'require("ajv/dist/runtime/ucs2length").default': 'ucs2length',
  'require("ajv-formats/dist/formats").fullFormats': 'formats',
};

export interface StandaloneValidators {
  /** Where to write, without extension: <module>.js holds the code, <module>.d.ts its types. */
  module: string;
  /** 'draft-07' for createAjv, '2020-12' for createAjv2020 (OpenAPI 3.1). */
  dialect: 'draft-07' | '2020-12';
  options?: Options;
  /** Schemas to add to ajv, each with its $id. */
  schemas: AnySchema[];
  /** Each export of the module: its name, and the $id or $id#/pointer of the schema it validates. */
  exports: Record<string, string>;
  /** First line of both files: where they come from and how to regenerate them. */
  banner: string;
}

/**
 * The generated code without the top-level statements that would keep a validator in a bundle that
 * does not import it: esbuild keeps what it cannot prove free of side effects, and with it every
 * function that statement names.
 */
const treeShakeable = (code: string): string => {
  // A pattern, compiled once: a call, but a pure one.
  let shaken = code.replaceAll('new RegExp(', '/* @__PURE__ */ new RegExp(');
  // Under 2020-12 ajv gives each function the properties it evaluates in an assignment after it
  // (`validate21.evaluated = {...}`), which the function alone reads, once, as it starts: the
  // value goes there instead.
  const evaluated = new Map<string, string>();
  shaken = shaken.replace(/^(validate\d+)\.evaluated = (\{.*\});\n/gm, (_, name: string, value: string) => {
    evaluated.set(name, value);
    return '';
  });
  shaken = shaken.replace(/\b(validate\d+)\.evaluated;/g, (read, name: string) =>
    evaluated.has(name) ? `${evaluated.get(name)};` : read,
  );
  // Evaluated properties known only at run time are read by the caller too: then the value must stay where it was.
  const left = shaken.match(/.*\.evaluated\b.*|.*"dynamic(Props|Items)":true.*/);
  if (left) throw new Error(`the generated code reads evaluated properties where they cannot be moved: ${left[0]}`);
  return shaken;
};

/**
 * Validation code for the given schemas, as ajv's standalone generator writes it (ES module, every
 * error as ajv would report it at run time), with its few run-time helpers imported from
 * `@ecommerce/json-validation/runtime`. Returns the content of each file by path.
 */
export const renderStandaloneValidators = (spec: StandaloneValidators): Record<string, string> => {
  const options: Options = { ...spec.options, code: { source: true, esm: true, lines: true } };
  const ajv = spec.dialect === '2020-12' ? createAjv2020(options) : createAjv(options);
  for (const schema of spec.schemas) ajv.addSchema(schema);
  for (const name of Object.keys(spec.exports)) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`${name} cannot be the name of an export`);
  }

  let code = treeShakeable(standaloneCode(ajv, spec.exports).replace(/^"use strict";/, ''));
  const used = new Set<string>();
  for (const [required, helper] of Object.entries(runtimeHelpers)) {
    if (code.includes(required)) {
      code = code.split(required).join(helper);
      used.add(helper);
    }
  }
  const unknown = code.match(/require\([^)]*\)/);
  if (unknown) throw new Error(`the generated code needs ${unknown[0]}: add it to runtimeHelpers and to runtime.ts`);
  for (const [, format] of code.matchAll(/\bformats\["([^"]+)"\]/g)) {
    if (!(format! in formats)) throw new Error(`the generated code checks the format ${format}: add it to formats in runtime.ts`);
  }

  const imports = used.size > 0 ? `import { ${[...used].sort().join(', ')} } from '@ecommerce/json-validation/runtime';\n` : '';
  const declarations = Object.keys(spec.exports)
    .map((name) => `export declare const ${name}: ValidateFunction;\n`)
    .join('');
  return {
    [`${spec.module}.js`]: `${spec.banner}\n// @ts-nocheck\n${imports}${code}\n`,
    [`${spec.module}.d.ts`]: `${spec.banner}\nimport type { ValidateFunction } from 'ajv';\n\n${declarations}`,
  };
};

/** Writes every generated file: the `generate` script of each package that has some. */
export const writeGeneratedFiles = (files: Record<string, string>): void => {
  for (const [path, content] of Object.entries(files)) {
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
};
