"""Reviewed equivalent mutants: changes that no test can notice because behaviour does not change.

Each entry is (module name in run.py, mutmut's mutant name, why it is equivalent). The runner reports
them apart from real survivors and leaves them out of the score. Add an entry only after reading the
mutant (``mutmut show <name>`` in ``mutants/<module>/``) and convincing yourself no input tells it apart.
"""

EQUIVALENT: list[tuple[str, str, str]] = []

EQUIVALENT += [
    (
        "ratelimit",
        "skillcert.core.ratelimit.x__digest__mutmut_4",
        "only the spelling of the fixed key-derivation label changes: the hashes stay keyed and stable, never shown",
    ),
    (
        "ratelimit",
        "skillcert.core.ratelimit.x__digest__mutmut_5",
        "only the spelling of the fixed key-derivation label changes: the hashes stay keyed and stable, never shown",
    ),
    (
        "ratelimit",
        "skillcert.core.ratelimit.x__network_of__mutmut_7",
        "strict=None is falsy exactly like strict=False: ip_network takes the same /64",
    ),
]

# statuslist (credentials/statuslist.py)
EQUIVALENT += [
    (
        "statuslist",
        "skillcert.credentials.statuslist.x_decode__mutmut_16",
        "padding len % 4, not -len % 4: Python's decoder ignores extra '=', and len % 4 == 1 fails either way",
    ),
    (
        "statuslist",
        "skillcert.credentials.statuslist.x_encode__mutmut_6",
        "compresslevel dropped: gzip.compress defaults to level 9, the same bytes",
    ),
    (
        "statuslist",
        "skillcert.credentials.statuslist.x_encode__mutmut_17",
        'decode("ASCII"): codec names are case-insensitive',
    ),
    (
        "statuslist",
        "skillcert.credentials.statuslist.x_encode__mutmut_18",
        'rstrip("XX=XX") also strips "X": GZIP ends in size >> 24 (0 below 16 MiB), so the text ends in "A"',
    ),
    (
        "numbering",
        "skillcert.certificates.numbering.x_reserve_serials__mutmut_1",
        "message of the assert against reserving outside a transaction: a programming error, never shown to users",
    ),
    (
        "numbering",
        "skillcert.certificates.numbering.x_reserve_serials__mutmut_2",
        "message of the assert against reserving outside a transaction: a programming error, never shown to users",
    ),
    (
        "numbering",
        "skillcert.certificates.numbering.x_reserve_serials__mutmut_10",
        "update_fields=None also writes the prefix, unchanged on the locked row: the same stored sequence",
    ),
    (
        "numbering",
        "skillcert.certificates.numbering.x_check_number_format__mutmut_11",
        'level digit looked up in "XX12345XX": SKILL_LEVEL_RE has made position 16 a digit, never "X"',
    ),
    (
        "numbering",
        "skillcert.certificates.numbering.x_check_number_format__mutmut_22",
        'level digit looked up in "XX12345XX": LEGACY_QUALIFICATION_RE has made position 11 a digit, never "X"',
    ),
    (
        "idnumbers",
        "skillcert.people.idnumbers.x_matching_id_types__mutmut_6",
        "normalise_id_number(None, raw): the function ignores the type (the same clean-up for every type)",
    ),
    (
        "idnumbers",
        "skillcert.people.idnumbers.x__validate_foreign_permanent_resident__mutmut_32",
        "birth_date=None instead of False: _check_gb11643 only tests its truth, and None is false",
    ),
    (
        "masking",
        "skillcert.people.protection.x__hash_key__mutmut_10",
        'default "XXXX" when PII_HASH_KEY is missing: 4 characters, refused like "" with the same message',
    ),
    (
        "masking",
        "skillcert.people.protection.x_hash_id_number__mutmut_6",
        "normalise_id_number(None, number): the function ignores the type (the same clean-up for every type)",
    ),
    (
        "masking",
        "skillcert.people.protection.x__hash_key__mutmut_15",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_check_keys__mutmut_17",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_decrypt__mutmut_5",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_decrypt__mutmut_7",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_encrypt__mutmut_5",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_encrypt__mutmut_7",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_rotate__mutmut_5",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "masking",
        "skillcert.people.protection.x_rotate__mutmut_7",
        "codec name in capitals: Python's codec names are case-insensitive, the same bytes",
    ),
    (
        "rules",
        "skillcert.catalog.rules.x__parts_for__mutmut_2",
        "select_related(None): the catalogue items are read by one more query per part, the answer is the same",
    ),
]

# merkle (transparency/merkle.py)
EQUIVALENT += [
    (
        "merkle",
        "skillcert.transparency.merkle.x__subproof__mutmut_37",
        "the flag b passed as None instead of False: it is only tested for truth, both are false",
    ),
    (
        "verifier",
        "skillcert.verification.verifier.x__reject_constant__mutmut_1",
        "the ValueError's text is never shown: parse_input answers any ValueError with the plain malformed-JSON reason",
    ),
    (
        "verifier",
        "skillcert.verification.verifier.x__bounded_bytes__mutmut_20",
        "reading MAX+2 instead of MAX+1 bytes of an upload: either way more than MAX bytes are refused as too large",
    ),
    (
        "verifier",
        "skillcert.verification.verifier.x__bounded_bytes__mutmut_25",
        "str.encode without the codec name: its default codec is utf-8",
    ),
    (
        "verifier",
        "skillcert.verification.verifier.x__bounded_bytes__mutmut_28",
        "codec names are case-insensitive: UTF-8 and utf-8 are the same codec",
    ),
    (
        "rules",
        "skillcert.catalog.rules.x_certificate_types_for__mutmut_1",
        'default job type "XXXX": matches a part only if its name is made of X\'s; catalogue part names are Chinese',
    ),
    (
        "rules",
        "skillcert.catalog.rules.x_certificate_types_for__mutmut_3",
        'select_related(None) instead of "parent": the rule never reads the parent, only the query changes',
    ),
    (
        "verifier",
        "skillcert.verification.verifier.x_credential_sha256__mutmut_4",
        "ensure_ascii=None instead of False: json.dumps only tests it for truth, both are false",
    ),
]

# claims (supervision/claims.py)
EQUIVALENT += [
    (
        "claims",
        "skillcert.supervision.claims.x__negated__mutmut_15",
        "15 characters looked back instead of 14: a warning word (at most 3 characters) reaches 10 more, so one "
        "15 back never reaches; the extra character only changes blanking of a promise none of whose tails holds "
        "a negation word",
    ),
    (
        "claims",
        "skillcert.supervision.claims.x__sentence__mutmut_4",
        "str.rfind(mark, None, start): a start of None means 0",
    ),
    (
        "claims",
        "skillcert.supervision.claims.x__scope_refusal__mutmut_25",
        "refusals[1].code compared with occupation_not_skill_level: only skill-level occupations reach "
        "_scope_refusal, so may_issue never answers that code for any level",
    ),
    (
        "claims",
        "skillcert.supervision.claims.x__scope_refusal__mutmut_27",
        "the compared code misspelt: only skill-level occupations reach _scope_refusal, so may_issue never answers "
        "occupation_not_skill_level and the comparison is always true",
    ),
    (
        "claims",
        "skillcert.supervision.claims.x__scope_refusal__mutmut_28",
        "the compared code in capitals: only skill-level occupations reach _scope_refusal, so may_issue never "
        "answers occupation_not_skill_level and the comparison is always true",
    ),
]
EQUIVALENT += [
    (
        "claims",
        f"skillcert.supervision.claims.x_qualification_matcher__mutmut_{n}",
        "another constant (None or 1) in the cache key of an empty qualification catalogue: the key is only "
        "compared with keys made the same way, and a non-empty catalogue never uses the default",
    )
    for n in (5, 8)
]
EQUIVALENT += [
    (
        "claims",
        "skillcert.supervision.claims.x_institution_matcher__mutmut_2",
        "select_related(None) drops only the join: an institution's region is then loaded when read, the same value",
    ),
]
EQUIVALENT += [
    (
        "claims",
        "skillcert.supervision.claims.x_qualification_rule__mutmut_22",
        "break instead of continue in the loop over the claimed occupation: _claimed_occupation returns one "
        "occupation or none, so both end the loop",
    ),
]
EQUIVALENT += [
    (
        "claims",
        "skillcert.supervision.claims.x_qualification_rule__mutmut_26",
        "break instead of continue when the catalogue allows the qualification: _claimed_occupation returns one "
        "occupation or none, so both end the loop",
    ),
]
EQUIVALENT += [
    (
        "claims",
        "skillcert.supervision.claims.x__scope_refusal__mutmut_29",
        "refusals[1].code when every one of the five levels is refused: institution_rules reads only the message "
        "of a refusal, never its code, and the list has five entries",
    ),
]

# signing (credentials/signing.py)
EQUIVALENT += [
    (
        "signing",
        "skillcert.credentials.signing.x__check_signature__mutmut_7",
        "hash_data overwrites the options' @context with the document's, so a proof @context kept in the options "
        "is replaced before anything is hashed",
    ),
    (
        "signing",
        "skillcert.credentials.signing.x__check_signature__mutmut_8",
        "the same as _check_signature__mutmut_7 (another spelling of the key that is left out)",
    ),
    (
        "signing",
        "skillcert.credentials.signing.x_hash_data__mutmut_19",
        "Python's codec names are case-insensitive: 'UTF-8' and 'utf-8' are one codec",
    ),
    (
        "signing",
        "skillcert.credentials.signing.x_hash_data__mutmut_28",
        "Python's codec names are case-insensitive: 'UTF-8' and 'utf-8' are one codec",
    ),
    (
        "signing",
        "skillcert.credentials.signing.x_verify_proof__mutmut_14",
        "an undecodable proof value becomes b'XXXX' instead of b'': both are not 64 bytes, so the same refusal follows",
    ),
]

# validation (assessments/validation.py)
EQUIVALENT += [
    (
        "validation",
        "skillcert.assessments.validation.x__validate_each__mutmut_37",
        "the repeated-row key is a digest kept only in a dict for this file: any digest size long enough to never "
        "collide finds the same repeats",
    ),
    (
        "validation",
        "skillcert.assessments.validation.x__validate_each__mutmut_38",
        "the same as _validate_each__mutmut_37 (17 bytes instead of 16)",
    ),
    (
        "validation",
        "skillcert.assessments.validation.x_check_person__mutmut_20",
        "normalise_id_number ignores its id_type argument (one clean-up suits every type)",
    ),
    (
        "validation",
        "skillcert.assessments.validation.x_check_row_gender__mutmut_10",
        "the gender as written is kept only for a row with errors (check_gender replaces it otherwise), and a row "
        "with errors is reported by its errors alone and never issued",
    ),
]
