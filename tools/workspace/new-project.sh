#!/usr/bin/env bash
# Scaffolds an Nx project that follows the workspace conventions (npm workspace package @triage/<name>,
# tsconfig project references, jest via the shared preset, eslint with the boundary rule).
# usage: tools/scripts/new-project.sh libs|apps|tools NAME "tag1,tag2" "One-line description"
set -euo pipefail
kind="$1"; name="$2"; tags="$3"; desc="${4:-}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$root/$kind/$name"
[ -e "$dir" ] && { echo "$dir exists" >&2; exit 1; }
mkdir -p "$dir/src"
tagjson=$(printf '%s' "$tags" | awk -F, '{for(i=1;i<=NF;i++){printf "%s\"%s\"", (i>1?", ":""), $i}}')
cat > "$dir/package.json" <<JSON
{
  "name": "@triage/$name",
  "version": "0.1.0",
  "private": true,
  "description": "$desc",
  "main": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "exports": {
    ".": {
      "@triage/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    },
    "./package.json": "./package.json"
  },
  "nx": {
    "tags": [$tagjson]
  },
  "dependencies": {}
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "files": [],
  "include": [],
  "references": [{ "path": "./tsconfig.lib.json" }, { "path": "./tsconfig.spec.json" }]
}
JSON
cat > "$dir/tsconfig.lib.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "rootDir": "src",
    "outDir": "dist",
    "tsBuildInfoFile": "dist/tsconfig.lib.tsbuildinfo",
    "types": ["node"]
  },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/**/*.test.ts", "src/**/test-support/**"],
  "references": []
}
JSON
cat > "$dir/tsconfig.spec.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": {
    "outDir": "./out-tsc/jest",
    "types": ["jest", "node"],
    "noEmit": false
  },
  "include": ["src/**/*.spec.ts", "src/**/*.test.ts", "src/**/test-support/**/*.ts"],
  "references": [{ "path": "./tsconfig.lib.json" }]
}
JSON
cat > "$dir/jest.config.cjs" <<JS
module.exports = {
  displayName: '$name',
  preset: '../../jest.preset.js',
};
JS
cat > "$dir/eslint.config.mjs" <<JS
import base from '../../eslint.config.mjs';

export default [...base];
JS
printf '# @triage/%s\n\n%s\n' "$name" "$desc" > "$dir/README.md"
echo "created $dir"
