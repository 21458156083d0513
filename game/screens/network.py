"""The network view: every node of the town's ripple network, and why each one moved.

Hover or select a node to see its inputs and outputs (weight, delay, evidence) and, once a
round has been played, why it stands where it does against doing nothing: the engine's account
of that number (interventions, events and situations, links, and the rest), whose rows add up
to it, and what is still being built for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.branching import debate_step
from game.draw import DOWN, INK, MUTED, PANEL, UP, band_glyph, hex_colour, signed
from game.lens import LENS_HELP, lens_button, lens_name, switch_lens
from game.netview import NetworkPicture, legend
from game.screens.base import Screen
from game.why_across import draw_across
from model.attribution import Attribution, attribute_game, by_intervention
from model.branches import link_key
from model.challenges import reveal_rounds
from model.network import Link
from model.scoring import band_of
from model.sector_account import part_in_words
from model.weight_ranges import weight_range
from model.why import Why
from model.words import in_words

if TYPE_CHECKING:
    from game.app import App

__all__ = ["NetworkScreen"]

Sections = tuple[tuple[str, list[Link], str], ...]
"""The panel's link lists: (title, links, which end of each link to name)."""

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
        ("A", "why it changed across rounds, or in the last year"),
        ("[ / ]", "across rounds: the span's first round earlier or later (Shift: its last)"),
        ("D", "debate a weight: the next link into the node"),
        ("+ / -", "the debated weight up or down, within its evidence's range"),
        ("Y", "accept the debated weight for the next branch"),
        ("B", "branches: rewind, branch, and two side by side"),
        ("mouse", "hover a node for its links; click to keep it"),
        LENS_HELP,
    )

    def __init__(self, app: App, selected: str | None = None) -> None:
        super().__init__(app)
        self.selected = selected
        self.hover: str | None = None
        self.picture: NetworkPicture | None = None
        self._explained: dict[tuple[str, int, int], Why] = {}
        self._started: dict[str, str] = {}
        self.across = False
        """Whether the panel traces the change across a span of rounds (model/attribution)."""
        self.span: tuple[int, int] | None = None
        """The span's first and last rounds (None: every round played)."""
        self._traced: dict[tuple[str, int, int, int], Attribution] = {}
        self.debate: tuple[int, float] | None = None
        """The link being debated (its index) and the weight proposed for it."""
        """Each node's "started from" sentence, once worked out (the start does not change)."""

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
        lens_button(self, pygame.Rect(rect.right - px(210), rect.bottom + px(2), px(210), px(32)))

    def command(self, name: str) -> None:
        if name == "lens":
            switch_lens(self.app)

    @property
    def focus(self) -> str | None:
        return self.hover or self.selected

    def hidden(self) -> dict[str, int]:
        """Nodes a trainer's challenge has not revealed yet, with the round each is shown from
        (model/challenges.py: the network revealed domain by domain); none once it is over."""
        session = self.session
        game = session.live
        rounds = reveal_rounds(session.challenge, session.framework)
        if not rounds or game.over:
            return {}
        return {
            n.id: rounds[n.domain] for n in session.framework.nodes if rounds[n.domain] > game.round
        }

    def _node_at(self, pos: tuple[int, int]) -> str | None:
        assert self.picture is not None
        node = self.picture.node_at(pos)
        return None if node in self.hidden() else node

    def handle(self, event: pygame.event.Event) -> bool:
        if self.picture is None:
            return False
        if event.type == pygame.MOUSEMOTION:
            self.hover = self._node_at(event.pos)
            return self.hover is not None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            node = self._node_at(event.pos)
            if node is not None or self.picture.rect.collidepoint(event.pos):
                self.selected = node
                return True
        return False

    def on_key(self, event: pygame.event.Event) -> bool:
        hidden = self.hidden()
        ids = [n for n in self.session.framework.node_ids if n not in hidden]
        if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT):
            step = 1 if event.key in (pygame.K_DOWN, pygame.K_RIGHT) else -1
            k = ids.index(self.selected) if self.selected in ids else -1
            self.selected = ids[(k + step) % len(ids)]
            self.hover = None
            return True
        if event.key == pygame.K_ESCAPE:
            self.selected = None
            return True
        if event.key in (
            pygame.K_d,
            pygame.K_y,
            pygame.K_EQUALS,
            pygame.K_PLUS,
            pygame.K_MINUS,
            pygame.K_KP_PLUS,
            pygame.K_KP_MINUS,
            pygame.K_b,
        ):
            return self._debate_key(event.key)
        if event.key == pygame.K_a and self.session.live.reports:
            self.across = not self.across
            return True
        if event.key in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET) and self.across:
            self.span = _moved_span(
                self.span_now(),
                len(self.session.live.reports),
                last=bool(event.mod & pygame.KMOD_SHIFT),
                step=1 if event.key == pygame.K_RIGHTBRACKET else -1,
            )
            return True
        return super().on_key(event)

    def _debate_key(self, key: int) -> bool:
        """D picks the next link into the selected node to debate; + and - move its proposed
        weight within its evidence's range; Y accepts it for the next branch; B opens the
        branches screen."""
        net = self.session.network
        if key == pygame.K_b:
            self.app.go("branches")
            return True
        if key == pygame.K_d:
            inputs = net.inputs(self.selected) if self.selected else []
            if not inputs:
                return False
            indices = [k.index for k in inputs]
            now = (
                indices.index(self.debate[0]) + 1
                if self.debate and self.debate[0] in indices
                else 0
            )
            link = net.links[indices[now % len(indices)]]
            self.debate = (link.index, link.weight)
            return True
        if self.debate is None:
            return False
        link = net.links[self.debate[0]]
        if key == pygame.K_y:
            desk = self.session.desk
            if desk is not None:
                desk.accepted[link_key(link.source, link.target)] = self.debate[1]
                self.app.toast(
                    f"Accepted for the next branch: {self.session.framework.node(link.source).name}"
                    f" -> {self.session.framework.node(link.target).name} "
                    f"{self.debate[1]:+.3f}. Make the branch on the branches screen (B)."
                )
            return True
        step = -1 if key in (pygame.K_MINUS, pygame.K_KP_MINUS) else 1
        self.debate = (link.index, debate_step(link, self.debate[1], step))
        return True

    def _draw_debate(self, surface: pygame.Surface, inner: pygame.Rect, y: int) -> int:
        """The debated link: its file weight, the proposal, its range and evidence."""
        if self.debate is None:
            return y
        s, px = self.style, self.style.px
        fw, net = self.session.framework, self.session.network
        link = net.links[self.debate[0]]
        if link.target != self.focus:
            return y
        lo, hi = weight_range(link)
        desk = self.session.desk
        accepted = desk.accepted.get(link_key(link.source, link.target)) if desk else None
        text = (
            f"Weight debate: {fw.node(link.source).name} -> {fw.node(link.target).name}. "
            f"File {link.weight:+.3f} ({link.evidence.level} evidence: {lo:+.3f} to {hi:+.3f}); "
            f"proposed {self.debate[1]:+.3f} (+ / -)"
            + (
                f"; accepted {accepted:+.3f} for the next branch."
                if accepted is not None
                else "; Y accepts it for the next branch."
            )
        )
        box = pygame.Rect(
            inner.left, y, inner.width, s.height(text, inner.width - px(12), 13) + px(10)
        )
        pygame.draw.rect(surface, (232, 240, 247), box, border_radius=px(6))
        s.wrapped(surface, text, box.inflate(-px(12), -px(10)), 13, INK)
        return box.bottom + px(8)

    def span_now(self) -> tuple[int, int]:
        """The span of rounds the "across rounds" panel explains, kept within those played."""
        played = len(self.session.live.reports)
        first, last = self.span or (1, played)
        last = min(max(last, 1), played)
        return (min(max(first, 1), last), last)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.live
        fw = self.session.framework
        now = game.history[-1]
        base = game.baseline_history[-1]
        changes = {n: now.scores[n] - base.scores[n] for n in fw.node_ids} if game.reports else None
        assert self.picture is not None
        self.picture.draw(surface, now.scores, self.app.safe_colours, self.focus, changes)
        self._veil(surface)
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
            title = "The ripple network"
            if lens_name(self.app):
                title += f", in {lens_name(self.app)}'s words"
            s.text(surface, title, inner.topleft, 19, INK, bold=True, width=inner.width)
            s.wrapped(
                surface,
                "Each circle is a part of the Thriving Places Index, coloured and shaped by its "
                "band; "
                "the figure beside it is its change against doing nothing. Hover over a circle, or "
                "use the arrow keys, to see what feeds it, what it feeds, how strongly, after how "
                "many years, and the evidence. After a round, it also says why it changed; press A "
                "to trace the change back across rounds to the decisions that started it.\n\n"
                "Blue links lead into the chosen circle, orange ones out of it; a dashed link "
                "pushes the other way (more of one means less of the other)."
                + (
                    "\n\nThis challenge shows the network a part at a time: a circle marked ? "
                    "appears in the round named under it."
                    if self.hidden()
                    else ""
                ),
                pygame.Rect(inner.left, inner.top + px(32), inner.width, inner.height - px(32)),
                15,
                MUTED,
            )
            return
        self._draw_node(surface, inner, self.focus)

    def _veil(self, surface: pygame.Surface) -> None:
        """Cover the nodes the challenge has not revealed yet, saying when they will be."""
        s, px = self.style, self.style.px
        picture = self.picture
        assert picture is not None
        r = picture.radius
        for node_id, from_round in self.hidden().items():
            x, y = picture.pos[node_id]
            labels = 3 * s.font(12).get_linesize()  # a name takes at most three lines
            rect = pygame.Rect(0, 0, picture.label_width + px(6), 2 * r + px(10) + labels)
            rect.midtop = (x, y - r - px(6))
            pygame.draw.rect(surface, PANEL, rect)
            pygame.draw.circle(surface, MUTED, (x, y), r, max(1, px(1)))
            s.text(surface, "?", (x, y), 16, MUTED, bold=True, anchor="center")
            s.text(surface, f"round {from_round}", (x, y + r + px(4)), 12, MUTED, anchor="midtop")

    def _draw_node(self, surface: pygame.Surface, inner: pygame.Rect, node_id: str) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw, net = session.framework, session.network
        node = fw.node(node_id)
        now, start = game.history[-1], game.history[0]
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
        y = s.wrapped(surface, KIND[node.kind], below(y), 13, MUTED) + px(6)
        sector = self.app.words
        if sector is not None and node.words.get(sector):
            said = f"{lens_name(self.app)}: “{node.words[sector]}”"
            y = s.wrapped(surface, said, below(y), 14, INK) + px(6)
        if game.reports:
            y = (self._across if self.across else self._why)(surface, inner, y, node_id)
        y = self._draw_debate(surface, inner, y)
        hidden = self.hidden()  # a challenge's unrevealed nodes are not named either
        sections = (
            ("Fed by", [k for k in net.inputs(node_id) if k.source not in hidden], "source"),
            ("Feeds", [k for k in net.outputs(node_id) if k.target not in hidden], "target"),
        )
        rows = sum(max(len(links), 1) for _, links, _ in sections)
        if y + rows * px(20) + len(sections) * px(28) > inner.bottom:
            y = self._links_compact(surface, inner, y, sections)  # after a round: less room
        else:
            y = self._links_listed(surface, inner, y, sections)
        inputs = sections[0][1]
        if inputs:  # the strongest input's mechanism, if there is room for all of it
            said = in_words(inputs[0].mechanism, inputs[0].words, self.app.words)
            text = f"Strongest input: {said}"
            if y + s.height(text, inner.width, 13) <= inner.bottom:
                y = s.wrapped(surface, text, below(y), 13, MUTED) + px(6)
        # where its starting figures come from, last and only if there is room for all of it
        started = self._started_from(node_id)
        if started and y + s.height(started, inner.width, 13) <= inner.bottom:
            s.wrapped(surface, started, below(y), 13, MUTED)

    def _started_from(self, node_id: str) -> str:
        """Where the node's starting figures come from, in one sentence: for a real district,
        each indicator's value, year, geography and producer (as ``thrive places CODE
        --explain`` lists them); for another town, its description's figures."""
        cache = self._started
        if node_id in cache:
            return cache[node_id]
        from model.places import place, place_code_of, start_figures

        session = self.session
        setup = session.setup
        code = place_code_of(setup.town_ref) if setup is not None else None
        if code is not None:
            figures = [
                f for f in start_figures(place(code), session.framework) if f.node == node_id
            ]
            parts = [
                f"{f.name.lower()} {f.value:,.4g} {f.unit} ({f.year}; {f.short_geography};"
                f" {f.producer})"
                for f in figures
            ]
            text = "Started from " + "; ".join(parts) + "." if parts else ""
        else:
            start = session.live.history[0].values
            node = session.framework.node(node_id)
            parts = [f"{i.name.lower()} {start[i.id]:,.4g} {i.unit}" for i in node.indicators]
            text = "Started from the town's description: " + "; ".join(parts) + "."
        cache[node_id] = text
        return text

    def _links_listed(
        self, surface: pygame.Surface, inner: pygame.Rect, y: int, sections: Sections
    ) -> int:
        """Each link on its own row: the other node, and its weight, delay and evidence."""
        s, px = self.style, self.style.px
        fw = self.session.framework
        name_f, info_f = s.font(14), s.font(13)
        for title, links, other in sections:
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
        return y

    def _links_compact(
        self, surface: pygame.Surface, inner: pygame.Rect, y: int, sections: Sections
    ) -> int:
        """Each section as one wrapped line (other node, weight, delay), when the "why"
        above leaves too little room for a row a link."""
        s, px = self.style, self.style.px
        fw = self.session.framework
        for title, links, other in sections:
            items = "; ".join(
                f"{fw.node(getattr(k, other)).name} {k.weight:+.2f} ({k.delay} y)" for k in links
            )
            text = f"{title}: {items or 'nothing'}"
            y = s.wrapped(
                surface, text, pygame.Rect(inner.left, y, inner.width, inner.bottom - y), 13, INK
            )
            y += px(4)
        return y

    def _across(self, surface: pygame.Surface, inner: pygame.Rect, y: int, node_id: str) -> int:
        """The node's change over the span of rounds, traced back to where it started."""
        game = self.session.live
        span = self.span_now()
        key = (node_id, *span, len(game.reports))
        if key not in self._traced:
            self._traced = {key: by_intervention(attribute_game(game, node_id, *span))}
        fw = self.session.framework
        return draw_across(surface, self.style, inner, y, self._traced[key], fw, span)

    def _why(self, surface: pygame.Surface, inner: pygame.Rect, y: int, node_id: str) -> int:
        """Why the node stands where it does against doing nothing: the engine's account
        (:meth:`model.engine.Game.explain`), whose rows add up to the number shown."""
        s, px = self.style, self.style.px
        game = self.session.live
        key = (node_id, game.year, len(game.reports))
        if key not in self._explained:
            self._explained = {key: game.explain(node_id)}
        why = self._explained[key]
        s.text(
            surface,
            f"Against doing nothing: {signed(why.shown_change)} in year {why.year}",
            (inner.left, y),
            16,
            UP if why.shown_change > 0 else DOWN if why.shown_change < 0 else INK,
            bold=True,
        )
        y += px(22)
        value_width = px(52)
        label_rect = pygame.Rect(inner.left + px(8), y, inner.width - px(8) - value_width, 0)
        said = None  # the largest named part in the lens's words, under its row
        for part in why.top(5):
            label_rect.top = y
            label_rect.height = inner.bottom - y
            colour = MUTED if part.kind == "rest" else INK
            bottom = s.wrapped(surface, part.label, label_rect, 14, colour)
            s.text(
                surface,
                signed(part.shown),
                (inner.right, y),
                14,
                MUTED if part.shown == 0 else UP if part.shown > 0 else DOWN,
                bold=True,
                anchor="topright",
            )
            y = max(bottom, y + px(18)) + px(2)
            if said is None and self.app.words is not None:
                session = self.session
                said = part_in_words(part, session.network, session.interventions, self.app.words)
                quote = f"“{said}”"
                width = label_rect.width - px(8)
                if said and y + s.height(quote, width, 13) <= inner.bottom:
                    room = pygame.Rect(label_rect.left + px(8), y, width, inner.bottom - y)
                    y = s.wrapped(surface, quote, room, 13, MUTED) + px(4)
        pygame.draw.line(surface, MUTED, (inner.right - value_width, y), (inner.right, y))
        s.text(surface, "in all", (inner.left + px(8), y + px(2)), 14, INK, bold=True)
        s.text(
            surface,
            signed(why.shown_change),
            (inner.right, y + px(2)),
            14,
            UP if why.shown_change > 0 else DOWN if why.shown_change < 0 else MUTED,
            bold=True,
            anchor="topright",
        )
        y += px(24)
        notes = []
        if why.in_both:
            notes.append(
                f"{', '.join(why.in_both)} pushed both towns alike, so "
                f"{'they cancel' if len(why.in_both) > 1 else 'it cancels'} out."
            )
        if why.wobble and why.node_kind == "people":
            notes.append(f"Doing nothing, it moves about ±{why.wobble:.2f} a year by chance.")
        working = [p for p in game.pipeline() if node_id in p.effects and p.status != "working"]
        notes += [f"{p.name}: {p.short()}." for p in working[:2]]
        for note in notes:
            y = s.wrapped(
                surface, note, pygame.Rect(inner.left, y, inner.width, inner.bottom - y), 13, MUTED
            )
        return y + px(8)


def _moved_span(span: tuple[int, int], played: int, last: bool, step: int) -> tuple[int, int]:
    """The span with its first (or, with ``last``, its last) round moved by ``step``, kept
    within rounds 1 to ``played`` and first <= last."""
    first, end = span
    if last:
        end = min(max(end + step, first), played)
    else:
        first = min(max(first + step, 1), end)
    return (first, end)
