// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.esbuild/**',
      '**/.esbuild-offline/**',
      '**/.serverless/**',
      '**/generated/**',
      '.local-cloud/**',
      '.deploy/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Destructuring a field away to drop it names it with a leading underscore.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A domain is pure logic (DESIGN.md): its configuration comes as arguments, never from the
    // environment. Its imports are dependency-cruiser's to check (.dependency-cruiser.cjs).
    files: ['{services,packages,tools}/*/src/domain/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'A domain reads no environment: pass what it needs from the function.' },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        URL: 'readonly',
        DOMException: 'readonly',
        performance: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
