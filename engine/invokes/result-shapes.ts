/**
 * The fields an invoke returns, read from the provider package's own type declarations
 * (`@pulumi/aws/iam/getRole.d.ts` → `GetRoleResult`), so an invoke the offline engine
 * cannot answer can return every field as unknown, as a preview would show a value it
 * cannot know, rather than nothing (a plain `await aws.x.getY()` would otherwise read
 * `undefined` and the program would carry on as if the value did not exist).
 */
import * as fs from "node:fs";
import * as path from "node:path";

const cache = new Map<string, string[] | undefined>();

/**
 * `aws:iam/getRole:getRole` → `["@pulumi/aws", "iam/getRole.d.ts", "GetRoleResult"]`;
 * `aws-native:smsvoice:getPool` → `["@pulumi/aws-native", "smsvoice/getPool.d.ts", …]`.
 */
function declarationOf(token: string): { pkg: string; file: string; name: string } | undefined {
  const [pkg, module, fn] = token.split(":");
  if (!pkg || !module || !fn) return undefined;
  const dir = module.split("/")[0];
  const file = dir === "index" ? `${fn}.d.ts` : `${dir}/${fn}.d.ts`;
  return { pkg: `@pulumi/${pkg}`, file, name: `${fn[0].toUpperCase()}${fn.slice(1)}Result` };
}

/**
 * Field names of the invoke's result type, or undefined when the declarations cannot be
 * found (a provider package that is not installed where the program resolves it).
 *
 * @param resolveFrom directory the program resolves its packages from
 */
export function resultFieldsOf(token: string, resolveFrom: string): string[] | undefined {
  const key = `${resolveFrom}\0${token}`;
  if (cache.has(key)) return cache.get(key);
  let fields: string[] | undefined;
  const declaration = declarationOf(token);
  if (declaration) {
    try {
      const manifest = require.resolve(`${declaration.pkg}/package.json`, { paths: [resolveFrom] });
      const text = fs.readFileSync(path.join(path.dirname(manifest), declaration.file), "utf8");
      const start = text.indexOf(`export interface ${declaration.name} {`);
      if (start >= 0) {
        const body = text.slice(start, text.indexOf("\n}", start));
        fields = [...body.matchAll(/^ {4}readonly (\w+)\??:/gm)].map((m) => m[1]);
      }
    } catch {
      fields = undefined;
    }
  }
  cache.set(key, fields);
  return fields;
}
