/**
 * The font stacks of the widget, and of the pages that ship with it (static/demo.css,
 * static/samples/ATTRIBUTION.html spell them again: static files cannot import, and
 * test/font-stacks.test.ts holds them to these).
 *
 * Hangul fonts named (Windows, ChromeOS and Android, Linux, macOS): one that is installed is found at once; the
 * browser's per-character fallback would search the system's fonts (fontconfig on Linux: 0.4 s at ¼ core).
 * Named first where a family's lookup is a call to the browser process (not on macOS). No -apple-system,
 * "Segoe UI" or ui-monospace: every browser that runs the widget knows system-ui, Chromium does not know
 * ui-monospace, and each name a system lacks is one more such call before the first paint.
 */
export const TEXT_FONTS = 'system-ui, "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Apple SD Gothic Neo", sans-serif';

/** Korean text: its Latin letters come from the Hangul font too, one font for a line of both, not two, each with its strikes to look up. */
export const KOREAN_FONTS = '"Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Apple SD Gothic Neo", system-ui, sans-serif';

/** Layer names and code (Safari, which knows no ui-monospace either, takes Menlo). */
export const CODE_FONTS = 'Menlo, monospace';
