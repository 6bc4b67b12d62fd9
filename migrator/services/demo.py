"""The demo migration: a scale-up replaces its prepaid cards with debit cards.

The plan is laid out around an as-of date so it always looks live: kick-off about
fourteen weeks before, general availability about sixteen weeks after, prepaid
switch-off and decommissioning after that. Dates are written as working-day offsets
from the as-of date (negative: in the past) and placed on a Berlin working calendar.
Everything is data below; the builder at the end turns it into service calls.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import MigratorError
from migrator.domain.holidays import berlin_holidays
from migrator.domain.model import DependencyType, Health, Status
from migrator.importing.plan import LinkSpec, parse_link_suffix
from migrator.paths import demo_path
from migrator.services.migration_service import MigrationService, NewMigration

NAME = "Card fleet replacement: prepaid to debit"
DESCRIPTION = (
    "Every Cardfleet customer moves from the prepaid e-money card to a debit card on a "
    "current account. The new issuer processor and BIN go live for a staff pilot, then a "
    "2,000-customer pilot cohort, then general availability with three migration waves. "
    "Prepaid balances are transferred, the prepaid programme is switched off and the "
    "legacy processor integration is decommissioned."
)
EMAIL_DOMAIN = "cardfleet.example"
KICK_OFF = -70  # working days before the as-of date
GO_LIVE_REF = "ga"

# (code, name, colour, people: the first one leads the team)
TEAMS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("PRD", "Cards Product Squad", "#4C7BD9",
     ("Lena Hoffmann", "Tomasz Nowak", "Priya Raman", "Jonas Weber")),
    ("BNK", "Banking & Payments", "#2E9E6B", ("Mateo García", "Ingrid Solberg", "Kwame Mensah")),
    ("OPS", "Card Operations & Logistics", "#E08A3C",
     ("Sabine Krüger", "Dmitri Volkov", "Aoife Byrne")),
    ("CS", "Customer Success", "#D65A7E", ("Hannah Schmidt", "Luca Romano", "Fatima El Idrissi")),
    ("SUP", "Support", "#8E6CC8", ("Marco Bianchi", "Yuki Tanaka", "Olivia Brennan", "Emre Demir")),
    ("MKT", "Marketing & Communications", "#D9A521", ("Chloé Martin", "Felix Braun", "Nadia Petrova")),
    ("LEG", "Legal & Compliance", "#5F6F86", ("Katharina Vogel", "Samuel Okafor", "Elif Yıldız")),
    ("FIN", "Finance", "#2AA3A0", ("Henrik Lindqvist", "Julia Becker")),
    ("SAL", "Sales", "#B8654A", ("Ben Carter", "Sofia Costa", "Niklas Fischer")),
    ("DAT", "Data & Analytics", "#7BA23F", ("Anika Patel", "Jakob Wagner", "Mei Lin")),
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One workstream of the demo; ``days=0`` makes a milestone on ``start``.

    ``after`` lists its predecessors as the plan importer reads them, ``"ref[ TYPE[+lag|-lead]]"``
    (``parse_link_suffix``), with an optional ``": note"``, e.g. ``"card_design SS+5: ..."``.
    ``state`` is derived from the dates unless it is "late"
    (due in the past, still running), "late start" (start in the past, not started) or
    "blocked". ``was`` is the kick-off baseline (start, days) where the plan has moved
    since (the move is recorded with ``comment``); ``new`` items were added after kick-off
    and have no baseline. ``{ref}`` in a blocker note becomes that workstream's key.
    """

    ref: str
    team: str
    title: str
    start: int
    days: int
    owner: int = 0
    text: str = ""
    after: tuple[str, ...] = ()
    state: str = ""
    progress: int | None = None
    was: tuple[int, int] | None = None
    new: bool = False
    blocker: str = ""
    health: tuple[Health, str] | None = None
    comment: str = ""


ITEMS: tuple[Item, ...] = (
    # ---------------------------------------------------------------- Cards Product Squad
    Item("requirements", "PRD", "Debit card product requirements", -70, 15, 0,
         "Feature parity with prepaid (top-ups aside), debit-only features (overdraft "
         "protection off, account-linked limits) and the non-negotiables for launch."),
    Item("card_design", "PRD", "Debit card design & scheme artwork approval", -55, 20, 2,
         "Card face, contactless mark, accessibility notch; artwork approved by the scheme.",
         after=("requirements",)),
    Item("ordering", "PRD", "In-app debit card ordering flow", -40, 35, 1,
         "Order, address check, delivery tracking and activation of the new card in the app.",
         after=("requirements", "bin SS+5: card orders need the BIN ranges configured"),
         state="late", progress=75,
         comment="Address validation for card delivery took longer than planned; 75% done, "
                 "finishing next sprint."),
    Item("controls", "PRD", "Card controls in the app (freeze, limits, PIN reveal)", -30, 40, 3,
         "Freeze and unfreeze, spending limits per category, PIN reveal behind biometrics.",
         after=("ordering SS+10",),
         comment="Freeze/unfreeze demoed at the sprint review; limits are next."),
    Item("pin", "PRD", "PIN management for debit cards", -25, 24, 1,
         "PIN set at activation, PIN change at ATMs and in the app, PIN reminder flow.",
         after=("auth SS+5",)),
    Item("a11y", "PRD", "Accessibility review of the card screens", -4, 8, 2,
         "Screen reader, dynamic type and contrast review of ordering and controls screens.",
         after=("controls SS+20",), state="late start", new=True,
         comment="Not started: the reviewer is still on the late ordering flow."),
    Item("staff_pilot", "PRD", "Staff pilot live", 8, 0, 0,
         "All 180 employees pay with their debit card for two weeks before customers do.",
         after=("cutin", "staff_cards", "ordering"), was=(3, 0),
         comment="Moved by a week: the in-app ordering flow is late."),
    Item("pilot_fixes", "PRD", "Staff pilot feedback & fixes", 9, 15, 1,
         "Triage of staff pilot feedback; fixes shipped before the customer pilot.",
         after=("staff_pilot",)),
    Item("journey", "PRD", "In-app migration journey (prepaid → debit)", -10, 40, 3,
         "Explains the change, orders the debit card, moves the balance and retires the "
         "prepaid card in one guided flow.",
         after=("ordering SS+25",)),
    Item("pilot_live", "PRD", "Pilot cohort live", 30, 0, 0,
         "2,000 invited customers migrate; go/no-go for general availability follows.",
         after=("pilot_fixes", "pilot_cards", "pilot_recruit", "pilot_invites"),
         health=(Health.AMBER, "The date holds on paper, but pilot cards wait on the late "
                 "ordering flow and the staff pilot already moved a week: no slack left."),
         comment="Flagged amber at the steering meeting."),
    Item("load_test", "PRD", "End-to-end load & resilience test", 55, 12, 3,
         "Wave-size order and activation load against app, processor and ledger; failover drill.",
         after=("pilot_live FS+15: two weeks of pilot traffic first",)),
    Item(GO_LIVE_REF, "PRD", "General availability", 80, 0, 0,
         "Debit cards for every new customer; migration waves for existing customers open.",
         after=("load_test", "ga_signoff", "pilot_report")),
    Item("wave1", "PRD", "Migration wave 1 (25% of customers)", 81, 12, 3,
         "Most active customers first: their new cards ship before the in-app journey opens.",
         after=(GO_LIVE_REF, "wave_lists", "mass_dispatch SS+5: cards arrive before the journey opens")),
    Item("wave2", "PRD", "Migration wave 2 (next 35% of customers)", 93, 12, 3,
         "Occasional users and customers with standing top-ups.",
         after=("wave1",)),
    Item("wave3", "PRD", "Migration wave 3 (remaining customers)", 105, 15, 3,
         "Dormant and hard-to-reach customers, with reminders and a fallback letter.",
         after=("wave2",)),
    Item("remove_prepaid", "PRD", "Remove prepaid screens and code from the app", 126, 10, 1,
         "Top-up screens, prepaid card views and their feature flags removed.",
         after=("switch_off",)),
    # ---------------------------------------------------------------- Banking & Payments
    Item("issuer_rfp", "BNK", "Issuer processor selection", -70, 8, 0,
         "Shortlist of three issuer processors; scoring on price, token support and SLAs."),
    Item("bin", "BNK", "BIN sponsorship set-up", -46, 20, 1,
         "BIN ranges, product codes and scheme registration with the sponsor bank.",
         after=("issuer_signed",), was=(-49, 20),
         comment="Shifted with the issuer contract signature."),
    Item("ledger", "BNK", "Core banking ledger integration for debit accounts", -40, 45, 2,
         "Card transactions post to current accounts in real time; holds, reversals and "
         "end-of-day settlement.",
         after=("bin SS+5",), progress=55, was=(-40, 35),
         health=(Health.RED, "Two weeks behind and the ledger vendor's sandbox is still "
                 "unstable; red until three clean test days in a row."),
         comment="Ledger vendor sandbox outages cost two weeks; new due date agreed with them."),
    Item("auth", "BNK", "Card authorisation & 3-D Secure integration", -35, 42, 1,
         "Real-time authorisation against the account balance; 3-D Secure with in-app approval.",
         after=("bin SS+10",)),
    Item("tokens", "BNK", "Apple Pay & Google Pay token migration", -15, 28, 2,
         "Existing wallet tokens move to the new debit card so customers do not re-add cards.",
         after=("auth SS+15",), state="blocked", progress=40,
         blocker="Waiting on the issuer processor to enable the token lifecycle API in "
                 "production; ticket escalated to their account manager.",
         comment="Blocked: the processor confirmed the token lifecycle API is not enabled in "
                 "production yet."),
    Item("funding", "BNK", "Account funding: SEPA Instant into debit accounts", -25, 30, 0,
         "Incoming SEPA Instant transfers credit the debit account instead of topping up.",
         after=("ledger SS+10",)),
    Item("cutin", "BNK", "Debit card processing production cut-in", 5, 4, 1,
         "Live BIN switched on at the processor; first real transactions on staff cards.",
         after=("ledger", "auth SS+20"), was=(1, 4),
         comment="Replanned after the ledger slip; the staff pilot date has not moved yet."),
    Item("full_volume", "BNK", "Debit card processing at full volume", 81, 45, 1,
         "Processing monitored daily while the waves ramp up to every customer.",
         after=(GO_LIVE_REF,)),
    Item("legacy", "BNK", "Prepaid card processing (legacy)", -70, 196, 2,
         "The prepaid programme keeps running, with shrinking volume, until switch-off.",
         after=("full_volume SF: legacy processing cannot wind down before debit runs at "
                "full volume",),
         comment="Weekly volume report: prepaid transactions down 4% since the debit announcement."),
    Item("balance_transfer", "BNK", "Prepaid balance transfer to debit accounts", 85, 35, 0,
         "Remaining prepaid balances move to the customer's account, wave by wave.",
         after=("wave1 SS+4", "funding")),
    Item("switch_off", "BNK", "Prepaid cards switched off", 125, 0, 0,
         "Prepaid cards stop authorising; the prepaid programme closes.",
         after=("balance_transfer", "wave3", "notice FS+60: contractual 90-day notice period")),
    Item("decommission", "BNK", "Decommission the prepaid processor integration", 126, 15, 2,
         "Connections, keys and batch jobs of the prepaid processor removed.",
         after=("switch_off",)),
    # ---------------------------------------------------------------- Card Operations & Logistics
    Item("print_rfp", "OPS", "Card print bureau selection", -65, 12, 0,
         "Certified bureau for personalisation and mailing; capacity for 400,000 cards.",
         after=("requirements SS+5",)),
    Item("print_onboarding", "OPS", "Print vendor onboarding", -50, 30, 1,
         "Security audit, key exchange, test batches and mailing set-up with the bureau.",
         after=("card_design SS+5: the bureau needs the frozen card dimensions", "print_rfp"),
         was=(-50, 25), comment="The bureau's security audit ran a week longer."),
    Item("carriers", "OPS", "Card carrier & welcome letter design", -35, 15, 2,
         "Carrier letter, activation instructions and envelope design.",
         after=("card_design",)),
    Item("capacity", "OPS", "Fulfilment capacity plan for the mass reissue", -12, 20, 0,
         "Daily print and mailing capacity per wave; returns and reprint buffer.",
         after=("segmentation",)),
    Item("staff_cards", "OPS", "Staff pilot card production & dispatch", -10, 12, 1,
         "180 staff cards personalised and handed out at the offices.",
         after=("print_onboarding", "bin")),
    Item("carrier_print", "OPS", "Carrier letter print run with the T&C insert", -5, 8, 2,
         "Print run of carriers with the debit terms insert for the pilot cohort.",
         after=("carriers", "bafin"), state="blocked", progress=20,
         blocker="Waiting on BaFin's acknowledgement of the product change ({bafin}) before "
                 "the insert wording can be printed; the print slot is held until Friday.",
         comment="Blocked until the regulator's letter arrives."),
    Item("pilot_cards", "OPS", "Pilot cohort card production (2,000 cards)", 12, 12, 1,
         "Personalisation and mailing of the pilot cohort's debit cards.",
         after=("staff_pilot", "ordering", "carrier_print")),
    Item("returns", "OPS", "Returned-mail & undeliverable card handling", 20, 20, 2,
         "Returned cards logged, destroyed or re-sent; address corrections fed back to the app.",
         after=("pilot_cards SS+5",)),
    Item("mass_dispatch", "OPS", "Mass card dispatch for waves 1–3", 76, 44, 0,
         "Cards for about 380,000 customers printed and mailed wave by wave.",
         after=("capacity", "wave_lists", "pilot_live")),
    Item("destruction", "OPS", "Secure destruction of returned prepaid cards", 100, 30, 2,
         "Certified destruction of prepaid cards customers send back.",
         after=("wave2 SS+7",)),
    Item("stock_exit", "OPS", "Prepaid card stock write-down", 126, 8, 0,
         "Unused prepaid card stock destroyed at the bureau and written off.",
         after=("switch_off",)),
    # ---------------------------------------------------------------- Customer Success
    Item("segmentation", "CS", "Customer segmentation for migration waves", -30, 15, 1,
         "Segments by activity, balance, wallet use and vulnerability markers.",
         after=("usage_baseline",)),
    Item("vip", "CS", "High-value & business customer outreach plan", -15, 20, 0,
         "Personal outreach for the top 2% of customers by volume.",
         after=("segmentation",)),
    Item("pilot_recruit", "CS", "Pilot cohort recruitment (2,000 customers)", -1, 15, 2,
         "Invited customers opt in; a balanced mix of segments and devices.",
         after=("segmentation", "pilot_invites SS+2")),
    Item("edge_cases", "CS", "Edge cases: negative balances, dormant and deceased customers", 20, 30, 1,
         "Playbooks for customers who cannot follow the standard migration journey.",
         after=("terms",), new=True),
    Item("pilot_care", "CS", "White-glove care for the pilot cohort", 31, 20, 2,
         "Named contacts and a feedback channel for every pilot customer.",
         after=("pilot_live",)),
    Item("hypercare", "CS", "Migration hypercare", 79, 40, 0,
         "Daily stand-up across teams, issue triage and customer-impact reporting.",
         after=("ga FS-2: the hypercare rota starts before general availability",)),
    Item("csat", "CS", "Migration CSAT survey & follow-ups", 95, 25, 1,
         "Survey after each wave; detractors get a call back within two days.",
         after=("wave1 SS+14",)),
    # ---------------------------------------------------------------- Support
    Item("routing", "SUP", "Ticket categories & routing for the migration", -6, 10, 3,
         "New ticket categories, routing rules and reporting for migration contacts.",
         after=("segmentation",)),
    Item("kb", "SUP", "Internal knowledge base: debit vs prepaid", -10, 15, 1,
         "What changes for customers, fees, limits and the answers to expected questions.",
         after=("terms",)),
    Item("macros", "SUP", "Support macros & canned replies", 5, 24, 2,
         "Macros for the top twenty migration questions, in English and German.",
         after=("faq FF: macros are finalised with the FAQ wording", "kb")),
    Item("training", "SUP", "Agent training on debit cards", 15, 8, 0,
         "Two sessions per shift; agents try the journey on their staff cards.",
         after=("kb", "staff_pilot")),
    Item("escalation", "SUP", "Escalation path to Card Ops for lost or undelivered cards", 5, 10, 3,
         "Agreed hand-over, response times and reprint authority.",
         after=("staff_cards",), new=True),
    Item("surge", "SUP", "Surge staffing for the migration waves", 70, 50, 0,
         "Temporary agents and extended hours while the waves run.",
         after=("wave1 SS-11: temporary agents start two weeks before wave 1",)),
    # ---------------------------------------------------------------- Marketing & Communications
    Item("messaging", "MKT", "Migration messaging & value proposition", -45, 15, 0,
         "Why debit is better for customers; tone of voice for every touchpoint.",
         after=("requirements",)),
    Item("brand", "MKT", "Debit card visuals for app store & website", -50, 20, 1,
         "Card renders, app store screenshots and website imagery.",
         after=("card_design SS+5",)),
    Item("notices", "MKT", "Customer migration notices (email, in-app, letter)", -10, 22, 2,
         "The formal notice of the change, with the contractual notice period.",
         after=("messaging", "terms")),
    Item("faq", "MKT", "Customer FAQ & help-centre articles", -3, 32, 1,
         "Help-centre articles for every step of the journey and every edge case.",
         after=("messaging",)),
    Item("pilot_invites", "MKT", "Pilot invitation campaign", -3, 10, 2,
         "Email and in-app invitations to the pilot cohort.",
         after=("segmentation",)),
    Item("launch", "MKT", "General availability launch campaign", 70, 20, 0,
         "Launch campaign across app, email, social and partners.",
         after=("load_test FS-5: production starts in the last week of testing",)),
    Item("press", "MKT", "Press release & social media", 78, 5, 1,
         "Press release, founder post and social media plan for launch day.",
         after=("launch SS+8",)),
    Item("reminders", "MKT", "Switch-off reminders to remaining prepaid users", 105, 15, 2,
         "Reminders at four, two and one week before switch-off.",
         after=("wave2",)),
    # ---------------------------------------------------------------- Legal & Compliance
    Item("scheme_rules", "LEG", "Card scheme rules review for debit", -70, 12, 1,
         "Scheme rules for debit against today's prepaid programme: liability, disputes, "
         "mandatory features."),
    Item("issuer_contract", "LEG", "Issuer processor contract negotiation", -62, 15, 0,
         "Master services agreement, SLAs and liability caps with the chosen processor.",
         after=("issuer_rfp",), was=(-62, 12),
         comment="Two extra redline rounds on liability caps."),
    Item("issuer_signed", "LEG", "Issuer contract signed", -47, 0, 0,
         "Contract signed by both parties; BIN sponsorship can start.",
         after=("issuer_contract",), was=(-50, 0),
         comment="Signature moved by three working days with the redlines."),
    Item("terms", "LEG", "Debit card terms & conditions", -45, 22, 1,
         "New cardholder terms, fee schedule and the account terms they rely on.",
         after=("issuer_signed",)),
    Item("dpia", "LEG", "Data protection impact assessment (DPIA)", -40, 18, 2,
         "DPIA for the new processor and the data moved during the migration.",
         after=("requirements",)),
    Item("bafin", "LEG", "BaFin notification of the product change", -30, 18, 0,
         "Notification of the changed card programme to the regulator.",
         after=("terms FS-10: drafting starts while the terms are finalised",),
         state="late", progress=90,
         health=(Health.GREEN, "Past its due date, but BaFin acknowledged the filing by phone; "
                 "only the formal confirmation letter is outstanding."),
         comment="Filing submitted; waiting for the formal acknowledgement letter."),
    Item("notice_review", "LEG", "Legal review of customer migration notices", -7, 19, 1,
         "Notice periods, wording of the change and consent for the balance transfer.",
         after=("notices FF: the review closes with the final notice wording",)),
    Item("chargeback", "LEG", "Chargeback & dispute process for debit", -15, 30, 2,
         "Dispute timelines, provisional credits and evidence requirements for debit.",
         after=("scheme_rules", "issuer_signed"),
         health=(Health.AMBER, "Dispute timelines are shorter for debit; sign-off waits on the "
                 "processor's dispute API documentation.")),
    Item("safeguarding", "LEG", "E-money safeguarding wind-down plan", 40, 30, 0,
         "How safeguarded prepaid funds are released as balances move to accounts.",
         after=("terms",)),
    Item("ga_signoff", "LEG", "Compliance sign-off for general availability", 56, 25, 0,
         "Compliance reviews pilot outcomes, complaints and open risks before launch; "
         "it starts the day the pilot report lands and ends on launch day.",
         after=("pilot_report", "chargeback")),
    # ---------------------------------------------------------------- Finance
    Item("business_case", "FIN", "Business case & budget approval", -70, 8, 0,
         "Migration budget, card production costs and the interchange upside."),
    Item("interchange", "FIN", "Interchange & fee model for debit", -55, 20, 1,
         "Debit interchange, scheme fees and the customer fee schedule.",
         after=("business_case", "scheme_rules")),
    Item("gl", "FIN", "Finance reporting for debit (GL mapping)", -20, 30, 1,
         "General-ledger mapping of card postings; daily settlement reconciliation.",
         after=("interchange", "ledger SS+15"), was=(-20, 25),
         comment="Extended by a week: the ledger slip delays the test postings."),
    Item("notice", "FIN", "Notice to the prepaid programme manager", 60, 5, 0,
         "Contractual termination notice for the prepaid programme.",
         after=("pilot_live",)),
    Item("safeguarding_release", "FIN", "Release of safeguarded e-money funds", 110, 20, 1,
         "Safeguarding account drawn down as balances leave the prepaid programme.",
         after=("balance_transfer SS+25", "safeguarding")),
    Item("budget_close", "FIN", "Migration budget close-out", 130, 10, 0,
         "Final costs against budget; lessons learnt for the finance review.",
         after=("switch_off",)),
    # ---------------------------------------------------------------- Sales
    Item("b2b_inventory", "SAL", "Business accounts inventory (employee cards)", -25, 10, 1,
         "Which business customers run employee cards on prepaid, and how many.",
         after=("usage_baseline",)),
    Item("b2b_plan", "SAL", "Migration plan for business customers", -15, 20, 0,
         "Timing per business customer, avoiding their payroll and month-end.",
         after=("b2b_inventory",)),
    Item("price_sheets", "SAL", "Updated price sheets & contracts for debit", -8, 15, 2,
         "Price sheets and contract addenda for business customers.",
         after=("interchange",)),
    Item("partners", "SAL", "Partner & reseller briefing", 20, 10, 0,
         "Briefing packs and sessions for partners who distribute Cardfleet cards.",
         after=("messaging", "price_sheets")),
    Item("b2b_calls", "SAL", "Business customer migration calls", 81, 30, 1,
         "Account managers walk business customers through the change.",
         after=(GO_LIVE_REF, "b2b_plan")),
    # ---------------------------------------------------------------- Data & Analytics
    Item("usage_baseline", "DAT", "Prepaid usage baseline & segmentation data", -45, 14, 1,
         "Activity, balances, wallet use and top-up patterns per customer.",
         after=("requirements",)),
    Item("fraud", "DAT", "Fraud monitoring rules for debit", -30, 35, 2,
         "Rules and thresholds for debit fraud patterns; alert routing to operations.",
         after=("auth SS+5",)),
    Item("dashboard", "DAT", "Migration progress dashboard", -10, 20, 0,
         "Customers migrated, cards activated, balances moved, contacts per wave.",
         after=("segmentation",)),
    Item("pilot_report", "DAT", "Pilot success metrics & go/no-go report", 31, 25, 0,
         "Activation, first-use and contact rates of the pilot against the agreed thresholds.",
         after=("pilot_live",)),
    Item("wave_lists", "DAT", "Wave customer lists (extract per wave)", 60, 15, 1,
         "Customer extracts per wave for dispatch, comms and support.",
         after=("pilot_report", "segmentation")),
    Item("reconciliation", "DAT", "Balance transfer reconciliation reports", 85, 35, 2,
         "Daily proof that every prepaid balance arrived in the right account.",
         after=("balance_transfer FF", "wave1 SS+4")),
    Item("archive", "DAT", "Prepaid data archiving & retention", 126, 15, 1,
         "Prepaid transaction data archived for the retention period, then access closed.",
         after=("switch_off", "dpia")),
)  # fmt: skip


# ---------------------------------------------------------------- calendar


@dataclass(frozen=True)
class _Timeline:
    """Places working-day offsets from the as-of date on the Berlin calendar."""

    calendar: WorkingCalendar
    anchor: date  # offset 0: the as-of date, or the working day before it
    holidays: dict[date, str]

    @classmethod
    def around(cls, as_of: date) -> _Timeline:
        holidays: dict[date, str] = {}
        for year in range(as_of.year - 1, as_of.year + 3):
            holidays.update(berlin_holidays(year))
        calendar = WorkingCalendar.of(holidays=holidays)
        return cls(calendar, calendar.previous_working_day(as_of), holidays)

    def at(self, offset: int) -> date:
        return self.calendar.add_working_days(self.anchor, offset)

    def span(self, start: int, days: int) -> tuple[date, date]:
        return self.at(start), self.at(start + max(days, 1) - 1)

    @property
    def start(self) -> date:
        return self.at(KICK_OFF)

    @property
    def go_live(self) -> date:
        return self.at(_ITEMS_BY_REF[GO_LIVE_REF].start)

    @property
    def end(self) -> date:
        return max(self.span(item.start, item.days)[1] for item in ITEMS)

    def non_working_days(self) -> dict[date, str]:
        """The holidays on working weekdays inside the migration's window."""
        first, last = self.start, self.end
        return {
            day: name
            for day, name in sorted(self.holidays.items())
            if first <= day <= last and day.weekday() in self.calendar.working_weekdays
        }


_ITEMS_BY_REF = {item.ref: item for item in ITEMS}
_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def _email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATE))
    local = re.sub(r"[^a-z]+", ".", plain.encode("ascii", "ignore").decode()).strip(".")
    return f"{local}@{EMAIL_DOMAIN}"


def _link(text: str) -> tuple[str, DependencyType, int, str]:
    """``"card_design SS+5: note"`` → ("card_design", SS, 5, "note"): the importer's grammar
    for the link, as a plan's "depends on" cell is read, and a note after the colon."""
    link, _, note = text.partition(":")
    link = link.strip()
    spec = LinkSpec(link, DependencyType.FS, 0) if link in _ITEMS_BY_REF else parse_link_suffix(link)
    if spec is None or spec.reference not in _ITEMS_BY_REF:
        raise ValueError(f"Demo data: cannot read the dependency '{text}'.")
    return spec.reference, spec.type, spec.lag, note.strip()


def _state(item: Item) -> tuple[Status, int]:
    """Status and progress as of offset 0, checked against the item's dates."""
    due = item.start + max(item.days, 1) - 1
    if item.state == "late":
        if due >= 0 or item.progress is None:
            raise ValueError(f"Demo data: late item {item.ref} needs a past due date and a progress.")
        return Status.IN_PROGRESS, item.progress
    if item.state == "late start":
        if item.start > 0:
            raise ValueError(f"Demo data: {item.ref} cannot start late with a start in the future.")
        return Status.NOT_STARTED, 0
    if item.state == "blocked":
        if item.start > 0 or not item.blocker:
            raise ValueError(f"Demo data: blocked item {item.ref} needs a past start and a blocker.")
    elif item.state:
        raise ValueError(f"Demo data: unknown state '{item.state}' of {item.ref}.")
    if due < 0 and item.state != "blocked":
        return Status.DONE, 100
    if item.start > 0 or (item.days == 0 and item.start >= 0):
        return Status.NOT_STARTED, 0
    if item.progress is not None:
        return Status.IN_PROGRESS, item.progress
    elapsed = (1 - item.start) / item.days
    return Status.IN_PROGRESS, min(90, max(10, 5 * round(20 * elapsed)))


def _created(item: Item, timeline: _Timeline, owner_id: int) -> dict[str, Any]:
    """The fields a workstream is created with: as planned at kick-off when it moved since."""
    status, progress = _state(item)
    start, due = timeline.span(item.start, item.days)
    first_start, first_due = timeline.span(*(item.was or (item.start, item.days)))
    fields: dict[str, Any] = {
        "owner_id": owner_id,
        "description": item.text,
        "is_milestone": item.days == 0,
        "planned_start": first_start,
        "planned_due": first_due,
        "status": status,  # a blocked item is blocked later, with its note and a comment
        "progress": progress,
        "actual_start": start if status != Status.NOT_STARTED else None,
        "actual_finish": due if status == Status.DONE else None,
    }
    if not item.new:
        fields["baseline_start"], fields["baseline_due"] = first_start, first_due
    return fields


def _later(item: Item, timeline: _Timeline, keys: dict[str, str]) -> dict[str, Any]:
    """What changed after kick-off: a moved plan, a blocker, a health override."""
    changes: dict[str, Any] = {}
    if item.was is not None:
        changes["planned_start"], changes["planned_due"] = timeline.span(item.start, item.days)
    if item.state == "blocked":
        changes["status"] = Status.BLOCKED
        changes["blocker_note"] = item.blocker.format_map(keys)
    if item.health is not None:
        changes["health_override"], changes["health_override_reason"] = item.health
    return changes


# ---------------------------------------------------------------- building


def build_demo(service: MigrationService, as_of: date) -> None:
    """Fill an empty migration with the card-fleet replacement, laid out around ``as_of``."""
    if service.teams() or service.workstreams():
        raise MigratorError("The demo fills an empty migration, but this one already has teams or work.")
    timeline = _Timeline.around(as_of)
    service.set_non_working_days(timeline.non_working_days())
    teams: dict[str, int] = {}
    people: dict[str, list[int]] = {}
    ids: dict[str, int] = {}
    with service.changing():
        for code, name, colour, members in TEAMS:
            teams[code] = service.create_team(name, code, colour)
            people[code] = [service.create_person(p, _email(p), teams[code]) for p in members]
        for item in ITEMS:
            owner = people[item.team][item.owner]
            fields = _created(item, timeline, owner)
            ids[item.ref] = service.create_workstream(item.title, teams[item.team], **fields)
        for item in ITEMS:  # one graph of the links, kept by the unit of work, checks every loop
            for text in item.after:
                ref, kind, lag, note = _link(text)
                service.add_dependency(ids[ref], ids[item.ref], kind, lag, note)
    for code, team_id in teams.items():
        service.update_team(team_id, {"lead_id": people[code][0]})
    service.update_migration(
        {
            "name": NAME,
            "description": DESCRIPTION,
            "start": timeline.start,
            "target_go_live": timeline.go_live,
            "go_live_milestone_id": ids[GO_LIVE_REF],
        }
    )
    key_of = {ws.id: ws.key for ws in service.workstreams()}
    keys = {ref: key_of[ws_id] for ref, ws_id in ids.items()}
    for item in ITEMS:
        changes = _later(item, timeline, keys)
        if changes or item.comment:
            service.workstream_service.update(ids[item.ref], changes, comment=item.comment)


def write_demo(path: str | os.PathLike[str], as_of: date, *, actor: str = "Product Ops") -> Path:
    """Write the demo migration to a new file at ``path``; an existing file is never touched."""
    path = Path(path)
    if path.exists():
        raise MigratorError(
            f"{path} already exists; the demo is only written to a new file. "
            "Choose another name or move the existing file away."
        )
    timeline = _Timeline.around(as_of)
    # Reproducible history, stamped the working day before the as-of date: a report kept on
    # the as-of day (at any hour) comes after it, so none of it counts as changed since then.
    stamped = datetime.combine(timeline.calendar.previous_working_day(as_of - timedelta(days=1)), time(17, 0))
    service = MigrationService.create(
        path,
        NewMigration(NAME, timeline.start, timeline.go_live, DESCRIPTION),
        populate=lambda s: build_demo(s, as_of),
        actor=actor,
        today=lambda: as_of,
        now=lambda: stamped,
    )
    service.close()
    return path


def ensure_demo(as_of: date | None = None) -> Path:
    """The demo migration in the user's data folder, written on first use."""
    path = demo_path()
    if not path.exists():
        write_demo(path, as_of or date.today())
    return path
