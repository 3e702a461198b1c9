import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { printSlackManifest } from '../platforms/slack/manifest.ts';

export const SLACK_HELP = `Usage: paperboy slack manifest [--http https://HOST/slack/events] [--command /papers]
Prints the Slack app manifest as JSON: paste it at api.slack.com/apps → Create New App → From a manifest.
Without --http the app uses Socket Mode (no public URL needed; create an app-level token with connections:write).`;

export function runSlackCommand(argv: string[], config: Config): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { http: { type: 'string' }, command: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals[0] !== 'manifest') {
    process.stdout.write(`${SLACK_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const commandName = values.command ?? `/${config.rootCommand}`;
  process.stdout.write(printSlackManifest({ commandName, socketMode: !values.http, ...(values.http ? { requestUrl: values.http } : {}) }));
  return 0;
}
