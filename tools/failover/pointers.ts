/** Reading and writing the failover parameters in one Region (SSM Parameter Store). */
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersCommand,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
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

/** GetParameters takes at most ten names per call. */
const NAMES_PER_CALL = 10;

/**
 * Several parameters' values in one round trip (calls of ten names in parallel); names that
 * do not exist are absent from the map.
 */
export async function readParameters(
  ssm: SSMClient,
  names: readonly string[],
  call: Call,
): Promise<Map<string, string>> {
  const unique = [...new Set(names)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += NAMES_PER_CALL) {
    chunks.push(unique.slice(i, i + NAMES_PER_CALL));
  }
  const answers = await Promise.all(
    chunks.map((chunk) => call(() => ssm.send(new GetParametersCommand({ Names: chunk })))),
  );
  const values = new Map<string, string>();
  for (const answer of answers) {
    for (const parameter of answer.Parameters ?? []) {
      if (parameter.Name && parameter.Value !== undefined) {
        values.set(parameter.Name, parameter.Value);
      }
    }
  }
  return values;
}

/** Writes a String parameter, replacing any earlier value. */
export async function writeParameter(
  ssm: SSMClient,
  name: string,
  value: string,
  call: Call,
): Promise<void> {
  await call(() =>
    ssm.send(
      new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: true }),
    ),
  );
}

/**
 * Creates a String parameter only if it does not exist (`Overwrite: false`): the one
 * conditional write SSM offers. Resolves false when it already exists.
 */
export async function createParameter(
  ssm: SSMClient,
  name: string,
  value: string,
  call: Call,
): Promise<boolean> {
  try {
    await call(() =>
      ssm.send(
        new PutParameterCommand({ Name: name, Value: value, Type: "String", Overwrite: false }),
      ),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string })?.name === "ParameterAlreadyExists") return false;
    throw error;
  }
}

/** Deletes a parameter; one that is already gone counts as deleted. */
export async function deleteParameter(ssm: SSMClient, name: string, call: Call): Promise<void> {
  try {
    await call(() => ssm.send(new DeleteParameterCommand({ Name: name })));
  } catch (error) {
    if ((error as { name?: string })?.name !== "ParameterNotFound") throw error;
  }
}
