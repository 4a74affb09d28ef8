module.exports = {
  displayName: 'cdk',
  preset: '../../jest.preset.js',
};
