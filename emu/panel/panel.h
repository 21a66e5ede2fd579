/* The live panel (issue 9): an SDL window beside the console showing the TLBs, the last
 * page walk, timelines and the physical frame map, refreshed at most 30 times a second
 * between slices of guest work; and the same page rendered into a PNG at exit
 * (--panel-png) or on demand (the debugger's screenshot), with no display needed.
 * Linked only into build/pagoda; it attaches to the machine with fe_attach_panel. */
#ifndef PAGODA_PANEL_H
#define PAGODA_PANEL_H

#include <stdbool.h>

struct machine;

enum panel_window { PANEL_WINDOW_OFF, PANEL_WINDOW_AUTO, PANEL_WINDOW_ON };

struct panel_opts {
    enum panel_window window;   /* AUTO: open if possible, else a one-line warning */
    const char *png;            /* --panel-png FILE: written when the run ends */
};

struct panel;

/* Attaches the panel to m (it samples whether or not a window opens). Returns NULL,
 * after one line on stderr, only when a window was required (PANEL_WINDOW_ON) and
 * cannot open. */
struct panel *panel_open(struct machine *m, const struct panel_opts *o);
/* Writes the --panel-png file, closes the window and detaches. False when the file
 * could not be written (the reason is on stderr). */
bool panel_close(struct panel *p);
/* Whether the default (neither -nographic, --no-panel nor --panel) opens a window:
 * a display is named ($DISPLAY or $WAYLAND_DISPLAY) and stdin is a terminal, so tests,
 * pipes and CI never open one. */
bool panel_display_wanted(void);

#endif
