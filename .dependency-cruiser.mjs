// The house rules of DESIGN.md that imports can break, checked by `pnpm lint` (depcruise).
// process.env in a domain is ESLint's to catch (eslint.config.mjs): it is a global, not an import.
const domain = '^(services|packages|tools)/[^/]+/src/domain/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle, even of types only, means two modules are one: split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-service-imports-another-service',
      comment: 'Services share only packages/*, and talk through the topic or the HTTP API: each one deploys on its own.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'no-cloud-in-the-domain',
      comment: 'A domain is pure logic: no AWS SDK, no middy, no process, so that it is tested without any of them.',
      severity: 'error',
      from: { path: domain },
      // Resolved into node_modules, or named as written when the package is not a dependency.
      to: { path: '(^|/node_modules/)(@aws-sdk|@smithy|@middy)/|^(node:)?process$' },
    },
    {
      name: 'no-lambda-kit-in-the-domain',
      comment:
        "A domain may name lambda-kit's types (a caller), never run its code: the environment, HTTP, SDK clients belong to functions and adapters.",
      severity: 'error',
      from: { path: domain },
      to: { path: '^packages/lambda-kit/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-function-imports-another-function',
      comment:
        "A function folder is one function: what several share goes to the service's src/use-cases/ (or src/wiring.ts), never from one function's folder into another's.",
      severity: 'error',
      from: { path: '^(services|tools)/([^/]+)/src/functions/([^/]+)/' },
      to: { path: '^$1/$2/src/functions/[^/]+/', pathNot: '^$1/$2/src/functions/$3/' },
    },
    {
      name: 'no-loose-files-in-functions',
      comment: 'src/functions/ holds function folders only: a file beside them is shared, and belongs in src/use-cases/.',
      severity: 'error',
      from: {},
      to: { path: '^(services|tools)/[^/]+/src/functions/[^/]+$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.esbuild|\\.esbuild-offline|\\.serverless|\\.local-cloud)/' },
    // Type-only imports count: a cycle of types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
