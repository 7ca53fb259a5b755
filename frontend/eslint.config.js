import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// One-way imports: app -> features -> components/lib. A feature never reaches into
// another feature, and shared code never reaches up.
const boundaries = [
  { target: './src/features', from: './src/app', message: 'features must not import from app' },
  { target: './src/components', from: './src/app', message: 'components must not import from app' },
  { target: './src/components', from: './src/features', message: 'components must not import from features' },
  { target: './src/lib', from: './src/app', message: 'lib must not import from app' },
  { target: './src/lib', from: './src/features', message: 'lib must not import from features' },
  { target: './src/lib', from: './src/components', message: 'lib must not import from components' },
  { target: './src/features/live', from: './src/features/history', message: 'features are independent' },
  { target: './src/features/history', from: './src/features/live', message: 'features are independent' },
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser },
    },
    plugins: {
      'react-hooks': reactHooks,
      'import-x': importX,
    },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.jsx'] }),
      ],
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'import-x/no-restricted-paths': ['error', { zones: boundaries }],
      'import-x/no-unresolved': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
