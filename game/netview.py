"""The ripple network as a picture: nodes grouped by headline element and domain, links between.

Used by the network screen (hover a node for its inputs and outputs) and by the simulate screen
(pulses travel along links). Positions follow the framework: one column per Local conditions
domain, then a column for Equality and one for Sustainability, each under its headline. The
links and boxes are painted once into a cached layer; nodes are painted every frame with their
current score's band colour and shape.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pygame

from game.draw import (
    DOWN,
    FAINT,
    HEADLINE_COLOURS,
    INK,
    MUTED,
    PANEL,
    UP,
    Style,
    band_glyph,
    dashed,
    hex_colour,
    text_image,
    wrap,
)
from model.framework import Framework
from model.network import Link, RippleNetwork
from model.scoring import band_of

__all__ = ["NetworkPicture"]


@dataclass(frozen=True)
class Column:
    """One box of nodes: a Local conditions domain, or a whole headline element."""

    title: str
    headline: str
    nodes: tuple[str, ...]


def columns(framework: Framework) -> list[Column]:
    out: list[Column] = []
    for h_index, h in enumerate(framework.headline_ids):
        name = framework.headline_names[h_index]
        nodes = [n for n in framework.nodes if n.headline == h]
        domains = list(dict.fromkeys(n.domain for n in nodes))
        if all(len([n for n in nodes if n.domain == d]) == 1 for d in domains):
            out.append(Column(name, h, tuple(n.id for n in nodes)))
            continue
        for d in domains:
            title = framework.domain_names[framework.domain_ids.index(d)]
            out.append(Column(title, h, tuple(n.id for n in nodes if n.domain == d)))
    return out


class NetworkPicture:
    """Where every node sits inside ``rect``, and how to paint the network there."""

    def __init__(
        self, framework: Framework, network: RippleNetwork, rect: pygame.Rect, style: Style
    ) -> None:
        self.framework, self.network, self.rect, self.style = framework, network, rect, style
        self.columns = columns(framework)
        px = style.px
        head = px(26)
        n = len(self.columns)
        gap = px(8)
        width = (rect.width - gap * (n - 1)) / n
        self.radius = max(px(12), min(px(22), int(width / 6)))
        self.label_width = round(width) - px(8)
        """A node's name is wrapped to its column's width (at most three lines)."""
        self.boxes: list[tuple[pygame.Rect, Column]] = []
        self.pos: dict[str, tuple[int, int]] = {}
        top = rect.top + head
        most = max(len(c.nodes) for c in self.columns)
        title = style.font(13, True)
        self.title_lines = min(
            3, max(len(wrap(c.title, title, round(width) - px(8))) for c in self.columns)
        )
        """Lines the longest column title takes (the nodes start below it)."""
        for k, column in enumerate(self.columns):
            box = pygame.Rect(
                round(rect.left + k * (width + gap)),
                top + px(4),
                round(width),
                rect.bottom - top - px(4),
            )
            self.boxes.append((box, column))
            inner_top = box.top + px(14) + self.title_lines * title.get_linesize()
            step = (box.bottom - inner_top) / most
            for j, node in enumerate(column.nodes):
                self.pos[node] = (box.centerx, round(inner_top + step * (j + 0.35)))
        self._layer: pygame.Surface | None = None
        self._curves: dict[tuple[int, int], list[tuple[float, float]]] = {}

    # -- geometry ------------------------------------------------------------------------

    def node_at(self, point: tuple[int, int]) -> str | None:
        """The node under the mouse (or its label), if any."""
        x, y = point
        for node, (nx, ny) in self.pos.items():
            if (
                abs(x - nx) <= self.radius * 2.2
                and -self.radius * 1.2 <= y - ny <= self.radius * 2.6
            ):
                return node
        return None

    def curve(self, link: Link, steps: int = 18) -> list[tuple[float, float]]:
        """The link's path: a gentle arc (arcs bow upward so opposite links do not overlap)."""
        key = (link.index, steps)
        cached = self._curves.get(key)
        if cached is not None:
            return cached
        (x0, y0), (x1, y1) = self.pos[link.source], self.pos[link.target]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1.0
        bend = min(0.22 * length, self.style.px(60))
        cx, cy = mx - dy / length * bend, my + dx / length * bend
        out = []
        for k in range(steps + 1):
            t = k / steps
            out.append(
                (
                    (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t * t * x1,
                    (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t * t * y1,
                )
            )
        self._curves[key] = out
        return out

    @staticmethod
    def along(path: Sequence[tuple[float, float]], t: float) -> tuple[float, float]:
        """The point a share ``t`` (0-1) of the way along a path."""
        t = min(1.0, max(0.0, t))
        f = t * (len(path) - 1)
        k = min(int(f), len(path) - 2)
        a = f - k
        (x0, y0), (x1, y1) = path[k], path[k + 1]
        return (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a)

    # -- painting ------------------------------------------------------------------------

    def _paint_layer(self) -> pygame.Surface:
        s, px = self.style, self.style.px
        layer = pygame.Surface(self.rect.size, pygame.SRCALPHA)
        offset = pygame.Vector2(self.rect.topleft)
        spans: dict[str, list[pygame.Rect]] = {}
        for box, column in self.boxes:
            local = box.move(-offset.x, -offset.y)
            pygame.draw.rect(layer, (*PANEL, 255), local, border_radius=px(8))
            colour = HEADLINE_COLOURS.get(column.headline, INK)
            pygame.draw.rect(
                layer,
                colour,
                (local.left, local.top, local.width, px(5)),
                border_top_left_radius=px(8),
                border_top_right_radius=px(8),
            )
            f = s.font(13, True)
            title = s.lines(column.title, local.width - px(8), 13, True, self.title_lines)
            for j, line in enumerate(title):
                image = text_image(line, s.px(13), True, INK)
                layer.blit(
                    image,
                    image.get_rect(
                        midtop=(local.centerx, local.top + px(8) + j * f.get_linesize())
                    ),
                )
            spans.setdefault(column.headline, []).append(box)
        for h_index, h in enumerate(self.framework.headline_ids):
            boxes = spans.get(h, [])
            if not boxes:
                continue
            left, right = boxes[0].left - offset.x, boxes[-1].right - offset.x
            colour = HEADLINE_COLOURS.get(h, INK)
            image = text_image(self.framework.headline_names[h_index], s.px(16), True, colour)
            layer.blit(image, image.get_rect(midtop=((left + right) / 2, 0)))
        for link in self.network.links:
            path = [(x - offset.x, y - offset.y) for x, y in self.curve(link)]
            faint = pygame.Color(*FAINT, 150)
            if link.weight > 0:
                pygame.draw.lines(layer, faint, False, path, 1)
            else:
                dashed(layer, faint, path, 1, px(5))
        return layer

    def draw(
        self,
        surface: pygame.Surface,
        scores: Mapping[str, float],
        safe_colours: bool = False,
        focus: str | None = None,
        changes: Mapping[str, float] | None = None,
    ) -> None:
        """Paint the network. ``focus`` highlights a node's inputs (blue) and outputs (orange);
        ``changes`` adds a small +/- figure under each node (change against doing nothing)."""
        s, px = self.style, self.style.px
        if self._layer is None:
            self._layer = self._paint_layer()
        surface.blit(self._layer, self.rect.topleft)
        if focus is not None:
            for link in self.network.links:
                if focus not in (link.source, link.target):
                    continue
                colour = UP if link.target == focus else DOWN
                width = max(2, round(px(2) + abs(link.weight) * px(10)))
                path = self.curve(link)
                if link.weight > 0:
                    pygame.draw.lines(surface, colour, False, path, width)
                else:
                    dashed(surface, colour, path, width, px(8))
                self._arrow(surface, path, colour)
        bands = self.framework.bands
        r = self.radius
        for node in self.framework.nodes:
            x, y = self.pos[node.id]
            score = scores.get(node.id, 5.0)
            band = band_of(score, bands)
            colour = hex_colour(band.colour_safe if safe_colours else band.colour)
            if node.id == focus:
                pygame.draw.circle(surface, INK, (x, y), r + px(4))
            pygame.draw.circle(surface, colour, (x, y), r)
            pygame.draw.circle(surface, INK, (x, y), r, max(1, px(1)))
            band_glyph(surface, band.id, (x, y - r // 3), max(6, r // 2), INK)
            image = text_image(f"{score:.1f}", s.px(12), True, INK)
            surface.blit(image, image.get_rect(center=(x, y + r // 3)))
            f = s.font(12)
            lines = s.lines(node.name, self.label_width, 12, node.id == focus, max_lines=3)
            for j, line in enumerate(lines):
                label = text_image(line, s.px(12), node.id == focus, INK)
                surface.blit(
                    label, label.get_rect(midtop=(x, y + r + px(2) + j * f.get_linesize()))
                )
            if changes is not None and node.id in changes and abs(changes[node.id]) >= 0.005:
                delta = changes[node.id]
                tag = text_image(f"{delta:+.2f}", s.px(12), True, UP if delta > 0 else DOWN)
                surface.blit(tag, tag.get_rect(midleft=(x + r + px(3), y - r // 2)))

    def _arrow(
        self,
        surface: pygame.Surface,
        path: Sequence[tuple[float, float]],
        colour: tuple[int, int, int],
    ) -> None:
        px = self.style.px
        tip = self.along(path, 1.0 - self.radius / max(1.0, _length(path)))
        back = self.along(path, 1.0 - (self.radius + px(12)) / max(1.0, _length(path)))
        angle = math.atan2(tip[1] - back[1], tip[0] - back[0])
        size = px(10)
        points = [
            tip,
            (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45)),
            (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45)),
        ]
        pygame.draw.polygon(surface, colour, points)


def _length(path: Sequence[tuple[float, float]]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(path))


def legend(
    surface: pygame.Surface,
    style: Style,
    pos: tuple[int, int],
    safe: bool,
    framework: Framework,
    rings: bool = False,
) -> int:
    """The bands, with colour, shape and name; with ``rings``, what a double ring round a node
    means (the simulate screen's). Returns the x where the legend ends."""
    s, px = style, style.px
    x, y = pos
    for band in framework.bands:
        colour = hex_colour(band.colour_safe if safe else band.colour)
        pygame.draw.circle(surface, colour, (x + px(9), y + px(9)), px(9))
        band_glyph(surface, band.id, (x + px(9), y + px(9)), px(9))
        rect = s.text(surface, band.name, (x + px(22), y + px(9)), 12, MUTED, anchor="midleft")
        x = rect.right + px(14)
    if rings:
        centre = (x + px(9), y + px(9))
        pygame.draw.circle(surface, PANEL, centre, px(6))
        pygame.draw.circle(surface, INK, centre, px(6), 1)
        pygame.draw.circle(surface, INK, centre, px(10), max(2, px(2)))
        rect = s.text(
            surface,
            "double ring: funding pushes it",
            (x + px(24), y + px(9)),
            12,
            MUTED,
            anchor="midleft",
        )
        x = rect.right + px(14)
    return x
