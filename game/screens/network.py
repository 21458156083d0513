"""The network view: every node of the town's ripple network, and why each one moved.

Hover or select a node to see its inputs and outputs (weight, delay, evidence) and, once a
round has been played, why it changed: the links that carried most change into it over the
last round, the interventions acting on it directly and what is still in the pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pygame

from game.draw import DOWN, INK, MUTED, PANEL, UP, band_glyph, hex_colour
from game.netview import NetworkPicture, legend
from game.screens.base import Screen
from model.scoring import band_of

if TYPE_CHECKING:
    from game.app import App

__all__ = ["NetworkScreen"]

KIND = {
    "place": "A property of the place: ripples move it directly.",
    "people": "Measured on the residents: ripples change their chances, and the score follows.",
}


class NetworkScreen(Screen):
    name = "network"
    title = "Network"
    keys_help = (
        ("Up / Down", "the previous or next node"),
        ("Esc", "clear the selection"),
        ("mouse", "hover a node for its links; click to keep it"),
    )

    def __init__(self, app: App, selected: str | None = None) -> None:
        super().__init__(app)
        self.selected = selected
        self.hover: str | None = None
        self.picture: NetworkPicture | None = None

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        rect = pygame.Rect(
            area.left + px(16),
            area.top + px(10),
            area.width - px(16) - px(430),
            area.height - px(46),
        )
        self.picture = NetworkPicture(
            self.session.framework, self.session.network, rect, self.style
        )

    @property
    def focus(self) -> str | None:
        return self.hover or self.selected

    def handle(self, event: pygame.event.Event) -> bool:
        if self.picture is None:
            return False
        if event.type == pygame.MOUSEMOTION:
            self.hover = self.picture.node_at(event.pos)
            return self.hover is not None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            node = self.picture.node_at(event.pos)
            if node is not None or self.picture.rect.collidepoint(event.pos):
                self.selected = node
                return True
        return False

    def on_key(self, event: pygame.event.Event) -> bool:
        ids = list(self.session.framework.node_ids)
        if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
            step = 1 if event.key in (pygame.K_DOWN, pygame.K_RIGHT) else -1
            k = ids.index(self.selected) if self.selected in ids else -1
            self.selected = ids[(k + step) % len(ids)]
            self.hover = None
            return True
        if event.key == pygame.K_ESCAPE:
            self.selected = None
            return True
        return super().on_key(event)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.live
        fw = self.session.framework
        now = game.history[-1]
        base = game.baseline_history[-1]
        changes = {n: now.scores[n] - base.scores[n] for n in fw.node_ids} if game.reports else None
        assert self.picture is not None
        self.picture.draw(surface, now.scores, self.app.safe_colours, self.focus, changes)
        legend(
            surface,
            s,
            (self.picture.rect.left, self.app.area.bottom - px(30)),
            self.app.safe_colours,
            fw,
        )
        panel = pygame.Rect(
            self.picture.rect.right + px(14),
            self.app.area.top + px(10),
            self.app.area.right - self.picture.rect.right - px(30),
            self.app.area.height - px(20),
        )
        pygame.draw.rect(surface, PANEL, panel, border_radius=px(8))
        inner = panel.inflate(-px(24), -px(20))
        if self.focus is None:
            s.text(surface, "The ripple network", inner.topleft, 19, INK, bold=True)
            s.wrapped(
                surface,
                "Each circle is a part of the Thriving Places Index, coloured and shaped by its "
                "band; "
                "the figure beside it is its change against doing nothing. Hover over a circle, or "
                "use the arrow keys, to see what feeds it, what it feeds, how strongly, after how "
                "many years, and the evidence. After a round, it also says why it changed.\n\n"
                "Blue links lead into the chosen circle, orange ones out of it; a dashed link "
                "pushes the other way (more of one means less of the other).",
                pygame.Rect(inner.left, inner.top + px(32), inner.width, inner.height - px(32)),
                15,
                MUTED,
            )
            return
        self._draw_node(surface, inner, self.focus)

    def _draw_node(self, surface: pygame.Surface, inner: pygame.Rect, node_id: str) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw, net = session.framework, session.network
        node = fw.node(node_id)
        now, start, base = game.history[-1], game.history[0], game.baseline_history[-1]
        score = now.scores[node_id]
        band = band_of(score, fw.bands)

        def below(y: int, indent: int = 0) -> pygame.Rect:
            return pygame.Rect(inner.left + indent, y, inner.width - indent, inner.bottom - y)

        y = s.wrapped(surface, node.name, below(inner.top), 19, INK, bold=True) + px(2)
        chip = pygame.Rect(inner.left, y, px(24), px(24))
        pygame.draw.rect(
            surface,
            hex_colour(band.colour_safe if self.app.safe_colours else band.colour),
            chip,
            border_radius=px(4),
        )
        band_glyph(surface, band.id, chip.center, px(14))
        line = f"{score:.2f} · {band.name} · since the start {score - start.scores[node_id]:+.2f}"
        y = max(
            chip.bottom + px(6),
            s.wrapped(surface, line, below(y + px(2), chip.width + px(8)), 15, INK) + px(6),
        )
        if game.reports:
            vs = score - base.scores[node_id]
            y = s.wrapped(
                surface,
                f"Against doing nothing: {vs:+.2f}",
                below(y),
                15,
                UP if vs > 0 else DOWN,
                bold=True,
            )
        y = s.wrapped(surface, KIND[node.kind], below(y), 13, MUTED) + px(6)
        if game.reports:
            y = self._why(surface, inner, y, node_id)
        name_f, info_f = s.font(14), s.font(13)
        for title, links, other in (
            ("Fed by", net.inputs(node_id), "source"),
            ("Feeds", net.outputs(node_id), "target"),
        ):
            s.text(surface, title, (inner.left, y), 16, INK, bold=True, width=inner.width)
            y += px(22)
            if not links:
                s.text(surface, "nothing", (inner.left + px(8), y), 14, MUTED)
                y += px(20)
            for k, link in enumerate(links):
                name = fw.node(getattr(link, other)).name
                info = f"{link.weight:+.2f} · {link.delay} y · {link.evidence.level}"
                # the name, and its weight, delay and evidence on the right (or beneath it)
                apart = name_f.size(name)[0] + px(12) + info_f.size(info)[0] > inner.width - px(8)
                need = px(20) + (px(18) if apart else 0)
                if y + need > inner.bottom:
                    rest = ", ".join(fw.node(getattr(x, other)).name for x in links[k:])
                    s.cut(rest, "", "lines")  # no room left: say so, so a test can see it
                    break
                s.text(surface, name, (inner.left + px(8), y), 14, INK)
                if apart:
                    y += px(18)
                s.text(surface, info, (inner.right, y + px(1)), 13, MUTED, anchor="topright")
                y += px(20)
            y += px(6)
        inputs = net.inputs(node_id)
        if inputs:  # the strongest input's mechanism, if there is room for all of it
            text = f"Strongest input: {inputs[0].mechanism}"
            if y + s.height(text, inner.width, 13) <= inner.bottom:
                s.wrapped(surface, text, below(y), 13, MUTED)

    def _why(self, surface: pygame.Surface, inner: pygame.Rect, y: int, node_id: str) -> int:
        """Why the node changed over the last round: links, direct pushes, the pipeline."""
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw, net = session.framework, session.network
        last = game.reports[-1]
        summed = np.sum([r.contributions for r in last.years], axis=0)
        s.text(surface, f"Why it moved in round {last.round}", (inner.left, y), 16, INK, bold=True)
        y += px(22)
        rows: list[tuple[str, float]] = [
            (f"via {fw.node(link.source).name} ({link.delay} y)", value)
            for link, value in net.why(summed, node_id, top=3)
        ]
        direct = sum(r.pressure.get(node_id, 0.0) for r in last.years)
        if abs(direct) > 1e-6:
            movers = [p.name for p in last.pipeline if node_id in p.effects and p.strength > 0]
            who = ", ".join(movers[:2]) or "events and situations"
            rows.insert(0, (f"directly: {who}", direct))
        if not rows:
            s.text(surface, "Nothing reached it this round.", (inner.left + px(8), y), 14, MUTED)
            return y + px(26)
        for text, value in rows[:4]:
            s.text(surface, text, (inner.left + px(8), y), 14, INK)
            s.text(
                surface,
                f"{value:+.3f}",
                (inner.right, y),
                14,
                UP if value > 0 else DOWN,
                bold=True,
                anchor="topright",
            )
            y += px(20)
        waiting = [p for p in game.pipeline() if node_id in p.effects and p.felt_from is not None]
        if waiting:
            s.text(
                surface,
                f"Still to come: {waiting[0].name} (from year {waiting[0].felt_from})",
                (inner.left + px(8), y),
                14,
                MUTED,
            )
            y += px(20)
        return y + px(8)
