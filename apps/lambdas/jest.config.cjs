module.exports = {
  displayName: 'lambdas',
  preset: '../../jest.preset.js',
};
