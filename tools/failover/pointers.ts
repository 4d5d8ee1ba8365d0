/** Reading and writing a pointer parameter in one Region (SSM Parameter Store). */
import { GetParameterCommand, PutParameterCommand, type SSMClient } from "@aws-sdk/client-ssm";
import type { Call } from "./discovery";

/** The parameter's value, or undefined when it does not exist. */
export async function readParameter(
  ssm: SSMClient,
  name: string,
  call: Call,
): Promise<string | undefined> {
  try {
    const answer = await call(() => ssm.send(new GetParameterCommand({ Name: name })));
    return answer.Parameter?.Value;
  } catch (error) {
    if ((error as { name?: string })?.name === "ParameterNotFound") return undefined;
    throw error;
  }
}

/**
 * Writes `value` unless the parameter already holds it: re-running a promote writes
 * nothing and adds no parameter version. Overwrite is on, as in the program
 * (components/failover/active-pointers.ts).
 */
export async function writeParameterIfChanged(
  ssm: SSMClient,
  name: string,
  value: string,
  call: Call,
): Promise<"written" | "unchanged"> {
  if ((await readParameter(ssm, name, call)) === value) return "unchanged";
  await call(() =>
    ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }),
    ),
  );
  return "written";
}
