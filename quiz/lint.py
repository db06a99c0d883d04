"""Check generated items against the deck's knowledge, independently of how they were made.

Options are read back by their text (names and aliases), not by what the
generator meant, so a wording or alias slip that makes a wrong option right
is caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from quiz.answers import normalise_answer
from quiz.facts import Deck, Fact
from quiz.generate import BLANK, conspicuously_longest, leaked_names
from quiz.items import FALSE, TRUE, Item, Kind
from quiz.knowledge import Knowledge, ObjectKey, Truth, object_key
from quiz.schema import unfilled_placeholder

_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


@dataclass(frozen=True)
class Violation:
    item_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.item_id}: {self.message}"


class Linter:
    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.knowledge = Knowledge(deck)
        self.facts = {fact.id: fact for fact in deck.facts}
        self.entity_by_name: dict[str, str] = {}
        for entity in deck.entities.values():
            for name in entity.names:
                self.entity_by_name[normalise_answer(name)] = entity.id

    def resolve(self, text: str, fact: Fact, side: str) -> ObjectKey | None:
        """What an option's text stands for: an entity id or a literal's value."""
        if side == "object":
            return self.resolve_object(text, fact.relation)
        return self.entity_by_name.get(normalise_answer(text))

    def truth(
        self, fact: Fact, side: str, key: ObjectKey | None, anchor: str | None = None
    ) -> Truth:
        if key is None:
            return Truth.FALSE if self.deck.relations[fact.relation].literal else Truth.UNKNOWN
        if side == "object":
            return self.knowledge.truth(fact.relation, fact.subject, key, anchor)
        return self.knowledge.truth(fact.relation, str(key), object_key(fact), anchor)

    def lint(self, item: Item) -> list[str]:
        problems = self.wording(item) + self.anchored(item)
        fact = self.facts[item.fact_ids[0]]
        if item.direction in ("reports", "reports_except"):
            problems += self.reports(item)
        elif item.direction in ("subjects_except", "objects_except"):
            problems += self.except_mcq(item, fact)
        elif item.kind is Kind.MCQ and item.direction == "claimant":
            problems += self.claimant(item, fact)
        elif item.kind is Kind.MCQ:
            problems += self.mcq(item, fact)
        elif item.kind is Kind.TRUE_FALSE:
            problems += self.true_false(item, fact)
        elif item.kind is Kind.SELECT_ALL:
            problems += self.select_all(item, fact)
        elif item.kind is Kind.MATCHING:
            problems += self.matching(item)
        elif item.kind in (Kind.RECALL, Kind.CLOZE):
            problems += self.leak(item.prompt, item.accepted)
        return problems

    def wording(self, item: Item) -> list[str]:
        problems = []
        for text in (item.prompt, *item.options):
            # The rule `quiz check` applies to deck text: a brace in a name is no slip.
            if placeholder := unfilled_placeholder(text):
                problems.append(f"unfilled template text {placeholder} in {text!r}")
            doubled = _DOUBLED.search(text)
            if doubled:
                problems.append(f"doubled word {doubled.group(0)!r} in {text!r}")
            if "  " in text or ".." in text.replace("...", ""):
                problems.append(f"doubled spacing or punctuation in {text!r}")
        return problems

    def anchored(self, item: Item) -> list[str]:
        """An item resting on one article's account says so; a temporal fact says when."""
        problems = []
        cited = self.deck.info.cite_as.get(item.anchor or "", "")
        if item.anchor and cited.casefold() not in item.prompt.casefold():
            problems.append(f"rests on {item.anchor} but does not cite it")
        for fact_id in item.fact_ids if item.kind is not Kind.CLOZE else ():
            fact = self.facts[fact_id]
            if (
                fact.attribution
                and not item.anchor
                and item.kind is not Kind.MATCHING
                # credited in the option
                and item.direction not in ("claimant", "reports", "reports_except")
                and not (fact.contested and item.answer == FALSE)  # the other side's name
                and fact.attribution.casefold() not in item.prompt.casefold()
            ):
                problems.append(f"drops the attribution to {fact.attribution!r}")
        return problems

    def claimant(self, item: Item, fact: Fact) -> list[str]:
        """A "who says this?" question: one option is the fact's claimant, and no other
        is cited for the same claim."""
        same_claim = {
            normalise_answer(other.attribution)
            for other in self.knowledge.facts_by_relation[fact.relation]
            if other.attribution
            and other.subject == fact.subject
            and object_key(other) == object_key(fact)
        }
        right = [option for option in item.options if normalise_answer(option) in same_claim]
        problems = self.leak(item.prompt, item.options)
        claimants = {normalise_answer(c.name): c for c in self.deck.claimants}
        mine = claimants.get(normalise_answer(fact.attribution or ""))
        for option in item.options:
            found = claimants.get(normalise_answer(option))
            if found is None:
                problems.append(f"option {option!r} is not among the deck's claimants")
            elif (
                found is not mine
                and mine
                and mine.affiliation
                and (found.affiliation == mine.affiliation)
            ):
                problems.append(f"{option!r} speaks for the same body as the answer")
        if right != [item.answer] or normalise_answer(str(item.answer)) != normalise_answer(
            fact.attribution or ""
        ):
            problems.append(f"options cited for this claim are {right}, marked {item.answer!r}")
        return problems

    def leak(self, prompt: str, names: Iterable[str]) -> list[str]:
        return [f"the answer {name!r} stands in the stem" for name in leaked_names(prompt, names)]

    def distinct_options(self, item: Item, fact: Fact, side: str) -> list[str]:
        seen: dict[object, str] = {}
        problems = []
        for option in item.options:
            key = self.resolve(option, fact, side) or normalise_answer(option)
            if key in seen:
                problems.append(f"options {seen[key]!r} and {option!r} are the same answer")
            seen[key] = option
        return problems

    def mcq(self, item: Item, fact: Fact) -> list[str]:
        side = item.direction
        problems = self.distinct_options(item, fact, side)
        truths = [
            self.truth(fact, side, self.resolve(option, fact, side), item.anchor)
            for option in item.options
        ]
        right = [
            option
            for option, truth in zip(item.options, truths, strict=True)
            if truth is Truth.TRUE
        ]
        unknown = [
            option
            for option, truth in zip(item.options, truths, strict=True)
            if truth is Truth.UNKNOWN
        ]
        if unknown:
            problems.append(f"options {unknown} are not ruled out by the deck")
        if right != [item.answer]:
            problems.append(f"options right by the deck are {right}, marked answer {item.answer!r}")
        if len(item.options) != 4:
            problems.append(f"{len(item.options)} options instead of 4")
        relation = self.deck.relations[fact.relation]
        names: tuple[str, ...] = (item.answer,)
        if not (side == "object" and relation.literal):
            key = self.resolve(item.answer, fact, side)
            names = self.deck.entities[str(key)].names if key else names
        problems += self.leak(item.prompt, names)
        others = [option for option in item.options if option != item.answer]
        if conspicuously_longest(str(item.answer), others):
            problems.append("the correct option is conspicuously the longest")
        return problems

    def except_mcq(self, item: Item, fact: Fact) -> list[str]:
        """ "Which of these did NOT ...?": the answer is ruled out, every other option
        is one of the item's facts."""
        side = item.direction.removesuffix("s_except")
        problems = self.distinct_options(item, fact, side)
        if len(item.options) != 4:
            problems.append(f"{len(item.options)} options instead of 4")
        for option in item.options:
            truth = self.truth(fact, side, self.resolve(option, fact, side), item.anchor)
            if option == item.answer and truth is not Truth.FALSE:
                problems.append(f"the answer {option!r} is not ruled out by the deck")
            if option != item.answer and truth is not Truth.TRUE:
                problems.append(f"{option!r} is offered as true but the deck does not say so")
        others = [option for option in item.options if option != item.answer]
        if conspicuously_longest(str(item.answer), others):
            problems.append("the correct option is conspicuously the longest")
        return problems + self.leak(item.prompt, item.options)

    def true_false(self, item: Item, fact: Fact) -> list[str]:
        if item.answer == TRUE:
            return [] if fact.id in self.facts else ["a true statement without its fact"]
        if item.answer != FALSE:
            return [f"answer {item.answer!r} is neither True nor False"]
        if fact.contested:
            # The claim given to the other side of the dispute, who says the opposite.
            rivals = self.knowledge.dispute_rivals(fact)
            if any(item.prompt.startswith(f"According to {rival},") for rival in rivals):
                return []
            return [f"the false statement {item.prompt!r} is not given to the other side"]
        # Find what was substituted: the statement must read as the relation's
        # template with one side changed, and the deck must make that claim false.
        found = self.substituted(fact, item.prompt, (item.anchor,))
        if found is Truth.FALSE:
            return []
        if found is not None:
            return [f"the false statement {item.prompt!r} is not false by the deck"]
        return [f"the false statement {item.prompt!r} is not backed by the deck"]

    def substituted(self, fact: Fact, text: str, anchors: Iterable[str | None]) -> Truth | None:
        """How true `text` is, read as the fact's statement with one side swapped: FALSE
        when the deck (or one of the articles `anchors`) rules the swapped claim out;
        None when the text does not read as such a swap."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality) or relation.templates
        wanted = normalise_answer(text)
        for side in ("object", "subject"):
            keys = (
                [object_key(f) for f in self.knowledge.facts_by_relation[relation.id]]
                if side == "object" and relation.literal
                else list(self.deck.entities)
            )
            for key in keys:
                names = self.claim_names(fact, side, key)
                if names is None:
                    continue
                if normalise_answer(templates.statement.format(**names)) in wanted:
                    if any(self.truth(fact, side, key, a) is Truth.FALSE for a in anchors):
                        return Truth.FALSE
                    return Truth.UNKNOWN
        if relation.literal and self.knowledge.closed(relation.id, "object"):
            # A changed quantity or date of a one-valued relation: the statement around
            # the value is the fact's, the value another.
            before, _, after = templates.statement.partition("{object}")
            subject = self.deck.entities[fact.subject].name
            shown = normalise_answer(self.deck.object_name(fact))
            if (
                normalise_answer(before.format(subject=subject)) in wanted
                and normalise_answer(after.format(subject=subject)) in wanted
                and f" {shown} " not in f" {wanted} "
            ):
                return Truth.FALSE
        return None

    def reports(self, item: Item) -> list[str]:
        """What an article reports about a subject: each option it reports is one of
        the item's facts, which cite that article, with its attribution; each other
        reads as a fact's statement with a side swapped, which the deck rules out.
        The answers are the reported ones, or (asked which is false) the other."""
        problems = []
        facts = [self.facts[fact_id] for fact_id in item.fact_ids]
        answers = item.answer if isinstance(item.answer, tuple) else (item.answer,)
        if item.direction == "reports_except":
            answers = tuple(option for option in item.options if option not in answers)
        for fact in facts:
            if item.anchor not in fact.seeds:
                problems.append(f"fact {fact.id!r} does not cite {item.anchor}")
        seeds = (None, item.anchor)  # ruled out by the deck, or by the article asked
        for option in item.options:
            wanted = normalise_answer(option)
            if option in answers:
                if not any(self.states(fact, wanted) for fact in facts):
                    problems.append(f"{option!r} is marked right but is none of its facts")
            elif not any(
                self.substituted(other, option, seeds) is Truth.FALSE
                for other in self.deck.facts
                if not other.contested and self.mentions(other, wanted)
            ):
                problems.append(f"{option!r} is marked wrong but the deck does not rule it out")
        if len(set(map(normalise_answer, item.options))) != len(item.options):
            problems.append("two options read the same")
        return problems

    def states(self, fact: Fact, wanted: str) -> bool:
        """Whether a normalised option is the fact's statement, credited as the fact is."""
        relation = self.deck.relations[fact.relation]
        templates = relation.templates_for(fact.modality) or relation.templates
        names = {
            "subject": self.deck.entities[fact.subject].name,
            "object": self.deck.object_name(fact),
        }
        if normalise_answer(templates.statement.format(**names)) not in wanted:
            return False
        credited = any(self.knowledge.own_voice(fact, seed) for seed in fact.seeds)
        return credited or normalise_answer(fact.attribution or "") in wanted

    def mentions(self, fact: Fact, wanted: str) -> bool:
        """Whether a normalised text names either side of the fact: a swap keeps one."""
        sides = (self.deck.entities[fact.subject].name, self.deck.object_name(fact))
        padded = f" {wanted} "
        return any(  # "Belarus's" reads "belaruss"
            f" {name} " in padded or f" {name}s " in padded for name in map(normalise_answer, sides)
        )

    def claim_names(self, fact: Fact, side: str, key: ObjectKey) -> dict[str, str] | None:
        subject = self.deck.entities[fact.subject].name
        if side == "object":
            relation = self.deck.relations[fact.relation]
            if relation.literal:
                for other in self.knowledge.facts_by_relation[relation.id]:
                    if object_key(other) == key and other.id != fact.id:
                        return {"subject": subject, "object": self.deck.object_name(other)}
                return None
            if key == fact.object or self.deck.entities[str(key)].type not in relation.object_types:
                return None
            return {"subject": subject, "object": self.deck.entities[str(key)].name}
        entity = self.deck.entities[str(key)]
        if (
            key == fact.subject
            or entity.type not in self.deck.relations[fact.relation].subject_types
        ):
            return None
        return {"subject": entity.name, "object": self.deck.object_name(fact)}

    def select_all(self, item: Item, fact: Fact) -> list[str]:
        side = "subject" if item.direction == "subjects" else "object"
        problems = self.distinct_options(item, fact, side)
        for option in item.options:
            truth = self.truth(fact, side, self.resolve(option, fact, side), item.anchor)
            if option in item.answer and truth is not Truth.TRUE:
                problems.append(f"{option!r} is marked right but the deck does not say so")
            if option not in item.answer and truth is not Truth.FALSE:
                problems.append(f"{option!r} is marked wrong but the deck does not rule it out")
        return problems + self.leak(item.prompt, item.options)

    def resolve_object(self, text: str, relation_id: str) -> ObjectKey | None:
        """What an object's text stands for: an entity id, or the value of a literal
        some fact states (None: a value no fact states)."""
        if self.deck.relations[relation_id].literal:
            for other in self.knowledge.facts_by_relation[relation_id]:
                if normalise_answer(self.deck.object_name(other)) == normalise_answer(text):
                    return object_key(other)
            return None
        return self.entity_by_name.get(normalise_answer(text))

    def claims_matching(self, item: Item) -> list[str]:
        """Subjects matched with claims of several relations: each claim is its own
        fact's, and by the article's account no other subject's."""
        problems = []
        claims = {}
        for fact_id in item.fact_ids:
            fact = self.facts[fact_id]
            template = self.deck.relations[fact.relation].templates.statement
            claims[template.format(subject=BLANK, object=self.deck.object_name(fact))] = fact
        for left, right in item.answer:
            subject = self.entity_by_name.get(normalise_answer(left))
            for option in item.options:
                fact = claims.get(option)
                if fact is None:
                    problems.append(f"option {option!r} is no fact's claim")
                    continue
                truth = self.knowledge.truth(
                    fact.relation, str(subject), object_key(fact), item.anchor
                )
                if option == right and truth is not Truth.TRUE:
                    problems.append(f"pair {left!r} - {right!r} is not stated by the deck")
                if option != right and truth is not Truth.FALSE:
                    problems.append(f"{left!r} may also match {option!r}")
        return problems

    def sources_matching(self, item: Item) -> list[str]:
        """Claims matched with their sources: each claim is credited, by some fact, to
        the source it is paired with, and by none to another source offered."""
        credited: dict[str, set[str]] = {}
        for fact in self.deck.facts:
            if fact.attribution:
                relation = self.deck.relations[fact.relation]
                templates = relation.templates_for(fact.modality) or relation.templates
                claim = templates.statement.format(
                    subject=self.deck.entities[fact.subject].name,
                    object=self.deck.object_name(fact),
                )
                credited.setdefault(normalise_answer(claim), set()).add(fact.attribution)
        problems = []
        for left, right in item.answer:
            sources = credited.get(normalise_answer(left), set())
            for option in item.options:
                if option == right and option not in sources:
                    problems.append(f"pair {left!r} - {right!r} is not credited by the deck")
                if option != right and option in sources:
                    problems.append(f"{left!r} is credited to {option!r} too")
        return problems

    def figures_matching(self, item: Item) -> list[str]:
        """Figures matched with what they count: each claim is a fact's with its figure
        left out, paired with that figure; its relation gives the subject one value,
        so every other figure is wrong for it."""
        problems = []
        for left, right in item.answer:
            wanted = normalise_answer(left.replace(BLANK, " "))
            found = [
                fact
                for fact in self.deck.facts
                if self.deck.relations[fact.relation].object_types[0] == "quantity"
                and normalise_answer(
                    (
                        self.deck.relations[fact.relation].templates_for(fact.modality)
                        or self.deck.relations[fact.relation].templates
                    ).statement.format(subject=self.deck.entities[fact.subject].name, object=" ")
                )
                in wanted
            ]
            if len(found) != 1:
                problems.append(f"{left!r} is the claim of {len(found)} facts, not one")
                continue
            [fact] = found
            figure = normalise_answer(self.deck.object_name(fact))
            if normalise_answer(right) != figure:
                problems.append(f"pair {left!r} - {right!r} is not stated by the deck")
            if not self.knowledge.closed(fact.relation, "object"):
                problems.append(f"{left!r} may take more than one figure")
            for option in item.options:
                if option != right and normalise_answer(option) == figure:
                    problems.append(f"{left!r} may also match {option!r}")
        return problems

    def matching(self, item: Item) -> list[str]:
        if item.direction.startswith("claims:"):
            return self.claims_matching(item)
        if item.direction.startswith("figures:"):
            return self.figures_matching(item)
        if item.direction.startswith("sources:"):
            return self.sources_matching(item)
        problems = []
        relation = self.deck.relations[self.facts[item.fact_ids[0]].relation]
        if not 4 <= len(item.answer) <= 6:
            problems.append(f"{len(item.answer)} pairs instead of 4 to 6")
        for left, right in item.answer:
            subject = self.entity_by_name.get(normalise_answer(left))
            for option in item.options:
                truth = self.knowledge.truth(
                    relation.id, str(subject), self.resolve_object(option, relation.id) or "",
                    item.anchor,
                )  # fmt: skip
                if option == right and truth is not Truth.TRUE:
                    problems.append(f"pair {left!r} - {right!r} is not stated by the deck")
                if option != right and truth is not Truth.FALSE:
                    problems.append(f"{left!r} may also match {option!r}")
        return problems


def lint_items(deck: Deck, items: Iterable[Item]) -> list[Violation]:
    linter = Linter(deck)
    return [
        Violation(item.id, message)
        for item in items
        if item.deck == deck.id
        for message in linter.lint(item)
    ]
