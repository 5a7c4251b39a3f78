/**
 * The message catalogs, one per locale. English is the reference: `Messages` is its type, so every other
 * catalog must hold every entry with the same arguments, and a missing translation is a type error.
 * This is the only place that chooses words by locale.
 */
import type { Locale } from '../../domain/model.js';
import { en } from './en/index.js';
import { zh } from './zh/index.js';

/** Every word the bot shows, by area; entries with arguments are functions of plain data. */
export type Messages = typeof en;

const CATALOGS: Record<Locale, Messages> = { en, zh };

/** The catalog of a locale. */
export function messagesFor(locale: Locale): Messages {
  return CATALOGS[locale];
}
