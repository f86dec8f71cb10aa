import type { SecretSource } from './channel-notifier.js';
import { MissingSecretError } from './channel-requests.js';

/** Secrets from environment variables of the same names (local mode). */
export class EnvSecretSource implements SecretSource {
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  async get(names: readonly string[]): Promise<Readonly<Record<string, string>>> {
    return Object.fromEntries(names.map((name) => [name, this.value(name)]));
  }

  /** Names without a value, to refuse a start that could never deliver. */
  missing(names: readonly string[]): string[] {
    return names.filter((name) => (this.env[name] ?? '') === '');
  }

  private value(name: string): string {
    const value = this.env[name];
    if (value === undefined || value === '')
      throw new MissingSecretError(name, 'environment variable not set');
    return value;
  }
}
