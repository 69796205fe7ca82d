package io.hybridllm.light.language;

/**
 * Tells English, Chinese and everything else apart by the script of the letters, which is all the
 * light tier needs: its two encoders differ by script (MiniLM reads Latin text, bge-small-zh reads Han
 * characters) rather than by fine language distinctions.
 *
 * <p>The rule, over letters only (digits, punctuation, spaces, symbols and emoji do not count):
 * <ol>
 *   <li>No letters at all ("", "12345", "👍"): {@link Language#EN}, the tier's original path, whose
 *       classifier abstains on such input by itself.</li>
 *   <li>At least {@value #OTHER_SCRIPT_SHARE} of the letters in a script that is neither Han nor
 *       Latin (Japanese kana, Hangul, Cyrillic, Arabic, ...): {@link Language#UNSUPPORTED}. Checked
 *       first because Japanese also uses Han characters; its kana (particles, endings) are nearly
 *       always well above this share, while a stray "の" in Chinese text is not.</li>
 *   <li>At least {@value #HAN_SHARE} Han characters: {@link Language#ZH}. The share is low on purpose:
 *       one Han character carries about a word while a Latin letter carries a fraction of one, and
 *       people who type Han characters at all are far more often Chinese speakers using English
 *       product words ("top up一直failed": 2 of 13 letters; "我的Apple Pay绑不上": 5 of 13) than English
 *       speakers quoting a Chinese name. A long English sentence with one Chinese word ("Where is my
 *       card? 谢谢": 2 of 15) stays English. Traditional characters are Han too, and bge-small-zh's
 *       vocabulary has them.</li>
 *   <li>Otherwise (mostly Latin letters): {@link Language#EN}. Other Latin-script languages (French,
 *       German, ...) are not told apart from English.</li>
 * </ol>
 */
public final class LanguageDetector {

    /** Share of letters in scripts other than Han and Latin at which the text is unsupported. */
    public static final double OTHER_SCRIPT_SHARE = 0.25;

    /** Share of letters that are Han characters at which the text is Chinese; see the class comment. */
    public static final double HAN_SHARE = 0.15;

    private LanguageDetector() {}

    public static Language detect(String text) {
        LetterCounts counts = LetterCounts.of(text == null ? "" : text);
        if (counts.total() == 0) {
            return Language.EN;
        }
        if (counts.other() >= OTHER_SCRIPT_SHARE * counts.total()) {
            return Language.UNSUPPORTED;
        }
        if (counts.han() >= HAN_SHARE * counts.total()) {
            return Language.ZH;
        }
        return Language.EN;
    }

    /** Letters of a text by script. */
    record LetterCounts(int han, int latin, int other) {

        static LetterCounts of(String text) {
            int han = 0;
            int latin = 0;
            int other = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                i += Character.charCount(cp);
                if (!Character.isLetter(cp)) {
                    continue;
                }
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                if (script == Character.UnicodeScript.HAN) {
                    han++;
                } else if (script == Character.UnicodeScript.LATIN) {
                    latin++;
                } else {
                    other++;
                }
            }
            return new LetterCounts(han, latin, other);
        }

        int total() {
            return han + latin + other;
        }
    }
}
