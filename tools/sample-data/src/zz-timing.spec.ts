import { generateChestRadiograph } from './chest/generate-chest';
it('times', () => {
  for (let i = 0; i < 2; i++) { const t = performance.now(); generateChestRadiograph({ seed: 't', index: i }); console.log('chest ms', performance.now() - t); }
});
