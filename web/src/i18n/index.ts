/**
 * i18next set-up: French is the default, Arabic is right-to-left, English is the third language.
 * The chosen language is kept in localStorage and mirrored on <html lang dir>.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './ar.json';
import en from './en.json';
import fr from './fr.json';

export const LANGUAGES = ['fr', 'ar', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'nasij.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function directionOf(lang: Language): 'rtl' | 'ltr' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'fr';
  } catch {
    return 'fr';
  }
}

function applyToDocument(lang: Language): void {
  const root = document.documentElement;
  root.setAttribute('lang', lang);
  root.setAttribute('dir', directionOf(lang));
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private browsing may refuse storage; the language still applies for this visit.
  }
}

/** The active language, narrowed to one we ship. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fr';
}

export function initI18n(): typeof i18next {
  const lng = storedLanguage();
  applyToDocument(lng);
  i18next.on('languageChanged', (next) => {
    if (isLanguage(next)) applyToDocument(next);
  });
  void i18next.use(initReactI18next).init({
    resources: { fr: { translation: fr }, ar: { translation: ar }, en: { translation: en } },
    lng,
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}
