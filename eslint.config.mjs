// ESLint flat config: type-aware rules everywhere, and the Temporal workflow sandbox rule for workflows/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'runs/**',
      '.state/**',
      'dist/**',
      '.venv/**',
      'report-out/**',
      '.cache/**',
      '**/.*.ts',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries, no tensors.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Workflows may not import Node built-ins (Temporal sandbox).' },
            { group: ['@tensorflow/*'], message: 'Workflows may not touch tensors: do it in an activity.' },
            {
              group: ['pino', 'pino/*', 'prom-client'],
              message: 'Workflows may not log or meter directly: use @temporalio/workflow log.',
            },
          ],
          paths: [
            'fs',
            'path',
            'os',
            'crypto',
            'child_process',
            'http',
            'https',
            'net',
            'stream',
            'util',
            'worker_threads',
            'zlib',
            'events',
            'url',
            'buffer',
            'process',
          ].map((name) => ({
            name,
            message: 'Workflows may not import Node built-ins (Temporal sandbox).',
          })),
        },
      ],
    },
  },
);
