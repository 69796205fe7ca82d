package io.hybridllm.light.language;

/** The languages the light tier can tell apart; it has models for English and Chinese only. */
public enum Language {
    EN("en"),
    ZH("zh"),
    /** Text in a script neither model reads (kana, Hangul, Cyrillic, Arabic, ...): the tier abstains. */
    UNSUPPORTED("unsupported");

    private final String code;

    Language(String code) {
        this.code = code;
    }

    /** Short code used in configuration, reasons and metrics ("en", "zh", "unsupported"). */
    public String code() {
        return code;
    }
}
