import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test/artifacts/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', performance: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // A module adds its events to the bus's one map as `interface DomainEventMap extends …Map {}`.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // Listeners use the typed @OnDomainEvent / @OnEveryInstance (common/events): a plain @OnEvent
      // would take any name and any payload.
      'no-restricted-imports': ['error', { paths: [{ name: '@nestjs/event-emitter', importNames: ['OnEvent'], message: 'Use @OnDomainEvent or @OnEveryInstance: they are typed by DomainEventMap.' }] }],
    },
  },
  {
    files: ['src/common/events/on-domain-event.decorator.ts', 'src/persistence/every-instance.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', EventSource: 'readonly', fetch: 'readonly', localStorage: 'readonly', URLSearchParams: 'readonly', FormData: 'readonly', AbortController: 'readonly', TextDecoderStream: 'readonly', reportError: 'readonly' } },
  },
);
