/* The panel's own bitmap font (no SDL2_ttf): 5x8 glyphs in a 6x10 cell. */
#ifndef PAGODA_PANEL_FONT_H
#define PAGODA_PANEL_FONT_H

#define FONT_GLYPH_W 5
#define FONT_GLYPH_H 8
#define FONT_CELL_W 6           /* advance per character */
#define FONT_CELL_H 10          /* line height */
#define FONT_ARROW 0x7f         /* a right arrow, for "VPN -> PPN" */
#define FONT_LAST 0x7f

/* Row `row` (0 = top) of the glyph of c: bit x set = pixel x lit (x = 0 leftmost).
 * Characters outside the font show as '?'. */
unsigned font_row(unsigned char c, int row);

#endif
