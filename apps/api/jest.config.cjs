const preset = require('../../jest.preset.js');

module.exports = {
  displayName: 'api',
  preset: '../../jest.preset.js',
  // @fastify/type-provider-typebox 6 re-exports `typebox` 1.x, which ships ES modules only
  // (.mjs), as does content-disposition (under @fastify/swagger-ui), and cookie 2 (which @fastify/cookie loads with a dynamic
  // import); Node 20's jest cannot require them, so swc compiles them (and @fastify/cookie's import) to CommonJS like our sources.
  transform: { '^.+\\.m?[tj]s$': preset.transform['^.+\\.[tj]s$'] },
  transformIgnorePatterns: ['/node_modules/(?!(typebox|content-disposition|cookie|@fastify/cookie)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
