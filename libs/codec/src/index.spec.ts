import { name } from './index';
test('name', () => { expect(name).toBe('codecdicom'); });
