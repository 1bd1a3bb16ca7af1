import { Button, Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { updateMe } from '../api/endpoints';
import { useSession } from '../auth/session';
import { currentLanguage, LANGUAGES, type Language } from '../i18n';

/** Each language is named in itself, so anyone can find theirs whatever the current language. */
const OWN_NAME: Record<Language, string> = { fr: 'Français', ar: 'العربية', en: 'English' };

/** Switches the UI language; kept in localStorage, and on the user's account when logged in. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { user, patchUser } = useSession();
  const active = currentLanguage();

  async function choose(lang: Language) {
    if (lang === active) return;
    await i18n.changeLanguage(lang);
    if (user) {
      try {
        const saved = await updateMe({ locale: lang });
        patchUser({ locale: saved.locale, displayName: saved.displayName });
      } catch {
        // The language still applies in this browser; the account keeps its previous choice.
      }
    }
  }

  // Wide screens: three buttons, one press away. Narrow screens: one select that fits the header.
  return (
    <>
      <Group gap={4} role="group" aria-label={t('language.label')} visibleFrom="sm">
        {LANGUAGES.map((lang) => (
          <Button
            key={lang}
            size="compact-sm"
            variant={lang === active ? 'filled' : 'subtle'}
            aria-pressed={lang === active}
            lang={lang}
            onClick={() => void choose(lang)}
          >
            {OWN_NAME[lang]}
          </Button>
        ))}
      </Group>
      <NativeSelect
        hiddenFrom="sm"
        size="xs"
        aria-label={t('language.label')}
        value={active}
        onChange={(event) => {
          const next = LANGUAGES.find((lang) => lang === event.currentTarget.value);
          if (next) void choose(next);
        }}
        data={LANGUAGES.map((lang) => ({ value: lang, label: OWN_NAME[lang] }))}
      />
    </>
  );
}
