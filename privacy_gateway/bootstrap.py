"""Assemble the gateway's services once per process from Settings (shells call this; the core never does).

Everything expensive — the detector's compiled recognizers, parsed policies, derived keys — is built
here exactly once and shared by every request, command and consumer of the process.
"""

from __future__ import annotations

import functools
import gc
import logging
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.audit.service import AuditLog
from privacy_gateway.consent.rules import load_rules
from privacy_gateway.consent.service import ConsentService
from privacy_gateway.detection.engine import Detector, get_detector
from privacy_gateway.keyring import KeyRing, load_keyring
from privacy_gateway.masking.engine import Masker
from privacy_gateway.masking.facts import quasi_facts
from privacy_gateway.masking.regions import load_region_resolver
from privacy_gateway.policies.loader import PolicySet, load_policies
from privacy_gateway.redaction.service import FeedbackIngest
from privacy_gateway.settings import Settings, effective_channels, effective_purposes
from privacy_gateway.storage.session import make_engine, make_session_factory
from privacy_gateway.stores.wiring import load_stores_config, outbox_hook
from privacy_gateway.vault.service import VaultService

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    keyring: KeyRing
    detector: Detector
    policies: PolicySet
    masker: Masker
    audit: AuditLog
    consent: ConsentService
    vault: VaultService
    ingest: FeedbackIngest
    dev_keys_created: bool = False

    def close(self) -> None:
        self.engine.dispose()


def load_keys(settings: Settings) -> tuple[KeyRing, bool]:
    ring, created = load_keyring(
        key_file=settings.key_file,
        master_keys=settings.master_keys.get_secret_value() if settings.master_keys else None,
        hmac_key=settings.hmac_key.get_secret_value() if settings.hmac_key else None,
        signing_key=settings.signing_key.get_secret_value() if settings.signing_key else None,
        min_version=settings.min_master_key_version,
    )
    if ring.source.startswith("file"):
        # Say it every time: an operator must know the keys live in a local file, not a KMS.
        log.warning(
            "using development keys from %s (%s); set PRIVACY_GATEWAY_MASTER_KEYS, _HMAC_KEY and "
            "_SIGNING_KEY in production",
            settings.key_file,
            "created now" if created else "created earlier",
        )
    return ring, created


def build_services(settings: Settings, *, engine: Engine | None = None) -> Services:
    engine = engine or make_engine(settings.database_url)
    keyring, created = load_keys(settings)
    policies = load_policies(settings.policies_dir)
    for name in {settings.default_policy, *settings.channel_policies.values()}:
        policies.get(name)  # fail at startup, not on the first request
    audit = AuditLog(
        pseudonym_key=keyring.derive("subject-pseudonym"),
        signing_seed=keyring.signing_seed,
        checkpoint_interval=settings.checkpoint_interval,
    )
    purposes, channels = effective_purposes(settings), effective_channels(settings)
    consent = ConsentService(
        audit, purposes=purposes, channels=channels, rules=load_rules(settings.policies_dir)
    )
    vault = VaultService(keyring, audit, consent)
    masker = Masker(policies, key_for=keyring.derive)
    detector = get_detector()

    def policy_for_channel(channel: str) -> str:
        return settings.channel_policies.get(channel, settings.default_policy)

    ingest = FeedbackIngest(
        detector=detector,
        masker=masker,
        vault=vault,
        audit=audit,
        policy_for_channel=policy_for_channel,
        purposes=purposes,
        channels=channels,
        max_text_chars=settings.max_text_chars,
        facts_of=functools.partial(quasi_facts, region_of=load_region_resolver()),
    )
    # Feedback stores (docs/stores.md): enqueue each masked record for its routed destinations, inside
    # the ingest transaction (transactional outbox); the dispatcher delivers later.
    ingest.after_store.append(outbox_hook(load_stores_config(settings), subject_ref=audit.subject_ref))
    return Services(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        keyring=keyring,
        detector=detector,
        policies=policies,
        masker=masker,
        audit=audit,
        consent=consent,
        vault=vault,
        ingest=ingest,
        dev_keys_created=created,
    )


def freeze_startup_objects() -> None:
    """Keep what start-up built (the detector's tries and word lists, policies, compiled patterns:
    about 190,000 objects) out of the garbage collector's full passes. Each full pass walked all of
    them, 120 ms with every request in the process waiting: the latency tail under load
    (docs/performance.md). They live as long as the process, so there is nothing to collect in them.
    Call it once a server process is built (the app's lifespan, the writer process)."""
    gc.collect()
    gc.freeze()
