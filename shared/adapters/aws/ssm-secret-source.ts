import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SecretSource } from '../../channels/channel-notifier.js';
import { MissingSecretError } from '../../channels/channel-requests.js';

/** How long a secret read from SSM is reused before it is read again (a rotated token takes effect within it). */
export const SECRET_CACHE_SECONDS = 300;

/** The SSM parameter that holds a channel secret of a fleet. */
export function secretParameterName(fleetName: string, secretName: string): string {
  return `/${fleetName}/secrets/${secretName}`;
}

/**
 * Channel secrets from SSM Parameter Store SecureStrings `/<fleetName>/secrets/<NAME>`, decrypted and cached by
 * Powertools Parameters. A parameter that does not exist is a `MissingSecretError` naming it.
 */
export class SsmSecretSource implements SecretSource {
  private readonly provider: SSMProvider;

  constructor(
    private readonly fleetName: string,
    client?: SSMClient,
  ) {
    this.provider = new SSMProvider(client === undefined ? {} : { awsSdkV3Client: client });
  }

  async get(names: readonly string[]): Promise<Readonly<Record<string, string>>> {
    const entries = await Promise.all(
      names.map(async (name): Promise<[string, string]> => {
        const parameter = secretParameterName(this.fleetName, name);
        let value: string | undefined;
        try {
          value = await this.provider.get(parameter, { decrypt: true, maxAge: SECRET_CACHE_SECONDS });
        } catch (error) {
          // Powertools wraps the SDK's error; its `cause` says whether the parameter is missing.
          const cause = (error as { cause?: { name?: unknown } })?.cause;
          if (cause?.name === 'ParameterNotFound' || (error as Error)?.name === 'ParameterNotFound')
            throw new MissingSecretError(name, `SSM parameter ${parameter} does not exist`);
          throw error;
        }
        if (value === undefined || value === '')
          throw new MissingSecretError(name, `SSM parameter ${parameter} is empty`);
        return [name, value];
      }),
    );
    return Object.fromEntries(entries);
  }
}
