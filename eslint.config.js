import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Import boundaries (style.md, habit 2): renderer → shared, core → shared, electron shell → core.
// The core never imports electron; src-shared imports neither node: nor the DOM; migrations never
// import app code; the renderer may import the core's *types* only (the tRPC contract).
// Bare built-in names are matched exactly (as `paths`), so that a local folder called ./events or
// ./stream is not mistaken for node's module; `node:*` and folder globs are patterns.
const NODE_BUILTIN_NAMES = ['fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'worker_threads', 'stream', 'events', 'util', 'zlib'];
const NODE_BUILTINS = ['node:*'];

const FEATURES_DIR = join(import.meta.dirname, 'src-renderer/src/features');
const FEATURES = readdirSync(FEATURES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);


// Area boundaries (issue 9): an area reaches another only through its index.ts (its create<Area>Area
// and the ports it offers) or by type; everything else it needs arrives as a port from create-core
// or as a typed event. The imports listed here predate the rule and are to be burnt down (each is
// a repository or pure helper still living in the area that first needed it; the webhook handlers
// are billing's appliers, kept beside the ledger).
const AREAS_DIR = join(import.meta.dirname, 'src-main/core/areas');
const AREA_IMPORTS_TO_BURN_DOWN = new Set([
  'billing/entitlements.ts → catalog/repositories/packages',
  'billing/lemonsqueezy-subscriptions.ts → webhooks/handlers/lemonsqueezy',
  'billing/checkout.ts → catalog/catalog-sync-stripe',
  'catalog/packages.ts → identity/repositories/tenants',
  'catalog/catalog-sync.ts → settings/provider-config',
  'identity/tenants.ts → members/repositories/memberships',
  'members/member-erasure.ts → identity/repositories/tokens',
  'members/member-changes.ts → identity/repositories/tokens',
  'settings/router.ts → identity/team',
  'settings/settings-tokens.ts → identity/repositories/token-listing',
  'webhooks/change-sentences.ts → members/member-timeline-text',
  'webhooks/processor.ts → billing/billing',
  'webhooks/handlers/lemonsqueezy.ts → billing/billing',
  'webhooks/handlers/stripe.ts → billing/billing',
  'webhooks/handlers/tenant.ts → billing/repositories/customers',
  'members/repositories/member-filters.ts → billing/repositories/usage',
]);
const areaBoundaries = {
  rules: {
    'area-boundaries': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const file = context.filename;
        const rel = relative(AREAS_DIR, file);
        if (rel.startsWith('..')) return {};
        const area = rel.split(sep)[0];
        function check(node) {
          if (!node.source || node.importKind === 'type' || node.exportKind === 'type') return;
          if (node.specifiers?.length && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type')) return;
          const spec = node.source.value;
          if (typeof spec !== 'string') return;
          const path = unalias(spec);
          if (!path.startsWith('.') && !path.startsWith('/')) return;
          const target = relative(AREAS_DIR, resolve(dirname(file), path));
          if (target.startsWith('..')) return;
          const [other, ...rest] = target.split(sep);
          if (other === area || rest.length === 0 || (rest.length === 1 && rest[0] === 'index')) return;
          const edge = `${rel.split(sep).join('/')} → ${target.split(sep).join('/')}`;
          if (AREA_IMPORTS_TO_BURN_DOWN.has(edge)) return;
          context.report({
            node: node.source,
            message: `The ${area} area reaches into the ${other} area (${spec}): import its index.ts, import a type, or take what you need as a port from create-core (or listen to a typed event).`,
          });
        }
        return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
      },
    },
  },
};

// The path aliases of tsconfig.base.json, so that cycles and boundaries see through them.
const ALIASES = [
  ['@shared/', 'src-shared/'],
  ['@core/', 'src-main/core/'],
  ['@renderer/', 'src-renderer/src/'],
];
const unalias = (spec) => {
  const hit = ALIASES.find(([prefix]) => spec.startsWith(prefix));
  return hit ? join(import.meta.dirname, hit[1], spec.slice(hit[0].length)) : spec;
};
const nodeResolver = createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] });
const aliasResolver = { interfaceVersion: 3, name: 'tenant-console-aliases', resolve: (spec, file) => nodeResolver.resolve(unalias(spec), file) };

const restrict = (patterns, message, allowTypeImports = false, names = []) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message, allowTypeImports })),
      patterns: [{ group: patterns, message, allowTypeImports }],
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test/e2e/output/**', 'playwright-report/**', 'test-results/**', '.bench-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-empty-function': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['src-main/core/**/*.ts'],
    rules: restrict(['electron', '**/electron/**', '**/src-renderer/**'], 'The core runs in plain Node: it never imports electron or the renderer.'),
  },
  {
    // Area modules (issue 9): platform pieces and provider integrations know nothing of the areas,
    // the API or the composition root. (Repeats the core's rule: a later block replaces it here.)
    files: ['src-main/core/platform/*.ts', 'src-main/core/platform/{db,jobs,push}/**/*.ts', 'src-main/core/integrations/**/*.ts'],
    ignores: ['src-main/core/platform/push/router.ts'],
    rules: restrict(
      ['electron', '**/electron/**', '**/src-renderer/**', '**/areas/**', '**/api/**', '**/create-core'],
      'Platform and integrations are below the areas: they never import an area, the API or create-core (nor electron or the renderer).',
    ),
  },
  {
    // The one exception: platform/db/schema.ts composes Database from each area's tables.ts, so each
    // area declares the tables it writes. Type imports only: erased at build, nothing of an area loads.
    files: ['src-main/core/platform/db/schema.ts'],
    rules: restrict(
      ['electron', '**/electron/**', '**/src-renderer/**', '**/areas/**', '**/api/**', '**/create-core'],
      'platform/db/schema.ts may import the areas\' tables.ts for their types only (import type).',
      true,
    ),
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      ...restrict([...NODE_BUILTINS, 'electron', '**/src-main/**', '**/src-renderer/**'], 'src-shared is pure: no node:, no electron, no app code.', false, NODE_BUILTIN_NAMES),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'process', 'Buffer'],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([...NODE_BUILTINS, 'electron', '**/src-main/**', '**/db/**'], 'The renderer talks to the core through tRPC only (type imports of the router are fine).', true, NODE_BUILTIN_NAMES),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    // Import cycles (issue 9): a cycle makes load order decide which side sees `undefined`, and
    // says two modules are really one. Imports are relative and extensionless, so node resolution
    // with the TS extensions is enough (no tsconfig paths to read).
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [aliasResolver],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src-main/core/areas/**/*.ts'],
    plugins: { local: areaBoundaries },
    rules: { 'local/area-boundaries': 'error' },
  },
  {
    // Renderer features (issue 9, bulletproof-react's layout): a feature never reaches into another
    // feature, nor up into the app shell that composes them; shared pieces live in ui/, api/, stores/.
    files: ['src-renderer/src/features/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...FEATURES.map((feature) => ({
              target: `./src-renderer/src/features/${feature}`,
              from: './src-renderer/src/features',
              // A feature's index.ts, where it has one, is its public face for the others.
              except: [`./${feature}`, ...FEATURES.filter((other) => existsSync(join(FEATURES_DIR, other, 'index.ts'))).map((other) => `./${other}/index.ts`)],
              message: 'A feature does not import another feature: move what both need to ui/, api/ or stores/.',
            })),
            {
              target: './src-renderer/src/features',
              from: './src-renderer/src/app',
              // Allowed: services.tsx (the injected services context, useServices) and routes.ts (the
              // route table and useRoute) are what every feature is handed, not the shell itself; they
              // live in app/ beside bootstrap, which builds them. Moving them is a later, wider change.
              except: ['./services.tsx', './routes.ts'],
              message: 'Features sit below the app shell: it composes them, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['db/migrations/**/*.ts'],
    rules: restrict(['**/src-main/**', '**/src-shared/**', '**/src-renderer/**'], 'A migration must mean the same thing forever: never import app code.'),
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'src-main/cli/**/*.ts', 'test/**/*.ts'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
