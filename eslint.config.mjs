// Flat config: typescript-eslint's recommended rules over every TypeScript source.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "bin/**",
      "dist/**",
      "policies/node_modules/**",
      "policies/bin/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS that runs before anything is compiled (the launcher and the build).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        __dirname: "readonly",
        __filename: "readonly",
      },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Dependencies point one way: lib ← components ← stacks/tools. A component that reached
    // into the YAML stack could not be used from another team's program.
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/stacks", "**/stacks/**", "**/tools/**", "**/engine/**"],
              message:
                "components take their own …Args; map YAML onto them in stacks/config/to-args.ts instead",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/stacks", "**/stacks/**", "**/components/**", "**/tools/**"],
              message: "lib/ holds pure helpers below the components; it imports nothing above it",
            },
          ],
        },
      ],
    },
  },
);
