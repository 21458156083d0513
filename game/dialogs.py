"""The window's file dialog: one pygame_gui file dialog for saving and loading, scaled.

pygame_gui lays its file dialog out in fixed pixels, so on a projector at a large text size
its icons and buttons stay tiny beside the text. Both uses (the top bar's Save as and the start
screen's Load) build it here, so both scale alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui

__all__ = ["file_dialog"]


def file_dialog(
    manager: pygame_gui.UIManager,
    window: pygame.Rect,
    px: Callable[[float], int],
    title: str,
    initial: Path,
    *,
    saving: bool,
) -> pygame_gui.windows.UIFileDialog:
    """A file dialog for ``.json`` saves centred on ``window``, its controls scaled by ``px``.

    ``saving`` lets the user type a new file name; otherwise only existing files can be
    picked, and not folders."""
    rect = pygame.Rect(0, 0, px(760), px(520))
    rect.center = window.center
    dialog = pygame_gui.windows.UIFileDialog(
        rect,
        manager,
        window_title=title,
        initial_file_path=str(initial),
        allow_existing_files_only=not saving,
        allow_picking_directories=False,
        allowed_suffixes={".json"},
    )
    inner = dialog.get_container().get_rect()
    icons = (
        dialog.home_button,
        dialog.delete_button,
        dialog.parent_directory_button,
        dialog.refresh_button,
    )
    for k, icon in enumerate(icons):
        icon.set_dimensions((px(26), px(26)))
        icon.set_relative_position((px(10) + k * px(30), px(8)))
        icon.rebuild()
    dialog.file_path_text_line.set_relative_position((px(10), px(40)))
    top = dialog.file_path_text_line.relative_rect.bottom + px(8)
    dialog.file_selection_list.set_relative_position((px(10), top))
    dialog.file_selection_list.set_dimensions((inner.width - px(20), inner.height - top - px(62)))
    # (Cancel is anchored to the dialog's right edge, OK to Cancel's left edge)
    for button in (dialog.cancel_button, dialog.ok_button):
        button.set_dimensions((px(110), px(42)))
        button.set_relative_position((-px(120), -px(52)))
        button.rebuild()
    return dialog
