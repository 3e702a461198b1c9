/**
 * Discord limits (wire-facts §4.2–§4.4, §4.7). Past the message limits Discord answers 400 Bad Request,
 * so the renderer stays inside them on purpose.
 */
export const DISCORD_LIMITS = {
  /** A message's `content`. */
  content: 2000,
  embedsPerMessage: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** Title, description, field names and values, footer and author name, summed over every embed of one message. */
  embedsTotal: 6000,
  /** AUTOCOMPLETE_RESULT choices, and the length of each choice's name and value. */
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** Application commands: description, options per command or subcommand, choices per option. */
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  /** Names, descriptions and choice names and values of one command, summed over its options. */
  commandTotal: 4000,
  optionChoices: 25,
  stringOptionMaxLength: 6000,
  /** A message `nonce` sent as a string. */
  nonce: 25,
  threadName: 100,
} as const;

/** A digest thread archives after a day without messages (one of 60 | 1440 | 4320 | 10080 minutes, wire-facts §4.7). */
export const DIGEST_THREAD_ARCHIVE_MINUTES = 1440;

/**
 * Every REST call gives up after this long (discord.js REST `timeout`, then one retry): a connection that never
 * answers must not hold a digest, or the route's queue behind it, for good.
 */
export const REST_TIMEOUT_MS = 10_000;
export const restOptions = (timeoutMs = REST_TIMEOUT_MS) => ({ timeout: timeoutMs, retries: 1 });
