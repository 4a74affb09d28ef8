import base from '../../eslint.config.mjs';

// cdk.out (the CLI's cloud assembly, bundled Lambdas included) goes to dist/cdk.out, which the base config ignores.
export default [...base, { ignores: ['cdk.out/**'] }];
