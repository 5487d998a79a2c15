package dev.converge.stack;

/**
 * How many terminal columns text takes, so that a caret lands under the right character of a line
 * holding Korean, Japanese or Chinese text or emoji (two columns each) or combining accents (none).
 * The ranges are the East Asian Wide and Fullwidth blocks of Unicode's EastAsianWidth.txt, as
 * terminals apply them; Java has no API for them.
 */
final class DisplayWidth {

    private DisplayWidth() {
    }

    static int of(int[] codePoints, int from, int to) {
        int width = 0;
        for (int i = from; i < to; i++) width += of(codePoints[i]);
        return width;
    }

    static int of(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) return 0;
        if (cp >= 0xFE00 && cp <= 0xFE0F) return 0; // variation selectors
        return isWide(cp) ? 2 : 1;
    }

    private static boolean isWide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F)      // Hangul Jamo initial consonants
                || (cp >= 0x2E80 && cp <= 0x303E)  // CJK radicals, punctuation
                || (cp >= 0x3041 && cp <= 0x33FF)  // kana, Hangul compatibility Jamo, CJK symbols
                || (cp >= 0x3400 && cp <= 0x4DBF)  // CJK extension A
                || (cp >= 0x4E00 && cp <= 0x9FFF)  // CJK unified ideographs
                || (cp >= 0xA000 && cp <= 0xA4CF)  // Yi
                || (cp >= 0xA960 && cp <= 0xA97F)  // Hangul Jamo extended A
                || (cp >= 0xAC00 && cp <= 0xD7A3)  // Hangul syllables
                || (cp >= 0xF900 && cp <= 0xFAFF)  // CJK compatibility ideographs
                || (cp >= 0xFE30 && cp <= 0xFE4F)  // CJK compatibility forms
                || (cp >= 0xFF00 && cp <= 0xFF60)  // fullwidth forms
                || (cp >= 0xFFE0 && cp <= 0xFFE6)
                || (cp >= 0x1F300 && cp <= 0x1F64F) // pictographs, emoticons
                || (cp >= 0x1F900 && cp <= 0x1F9FF) // supplemental symbols and pictographs
                || (cp >= 0x20000 && cp <= 0x3FFFD); // CJK extensions B and later
    }
}
