"""The Human Trafficking Case Data Standard (HTCDS) v2.0: its tables, fields and picklist values.

Every name and value here is copied from the standard's own field reference, "HTCDS Field
Standards 2.0.ods" in github.com/UNMigration/HTCDS (the repository of IOM, which publishes the
standard). Nothing is invented: where Mukti records nothing that fits a field, the field is
exported empty and docs/htcds.md says "not recorded"; where Mukti records it but it names or
locates someone, the field is exported empty and the page says "withheld".

The standard defines fields, not an object model ("The HTCDS standard contains field definitions
but doesn't strictly enforce a full object model", its Salesforce toolkit's README): it has no
identifier columns. The export links its tables with Mukti's own columns ``mukti_PersonId``,
``mukti_CaseId`` and ``mukti_EventId`` (pseudonymous, see ``exports.identifiers``); their
``mukti_`` prefix says they are not HTCDS fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

VERSION = "2.0"
SOURCE = "https://github.com/UNMigration/HTCDS (HTCDS Field Standards 2.0.ods)"
# Multiselect picklists hold several values in one cell; the standard's Salesforce toolkit stores
# them as Salesforce multi-select picklists, whose values are separated by semicolons.
MULTI = ";"


class Table(StrEnum):
    PERSON = "Person"
    VICTIM = "Person Victim Context"
    PERPETRATOR = "Person Perpetrator Context"
    EVENTS = "Historic Trafficking Events"
    CASE = "Case"


class Use(StrEnum):
    EXPORTED = "exported"
    WITHHELD = "withheld"  # Mukti records it, but it names, reaches or locates someone
    NOT_RECORDED = "not recorded"
    DEPRECATED = "deprecated"  # deprecated in v2.0 itself; not a column


@dataclass(frozen=True)
class Field:
    table: Table
    name: str  # with the standard's prefix, e.g. prs_Gender
    label: str
    use: Use
    source: str  # the Mukti field it comes from, or why not

    @property
    def column(self) -> bool:
        return self.use != Use.DEPRECATED


P, V, R, E, C = Table.PERSON, Table.VICTIM, Table.PERPETRATOR, Table.EVENTS, Table.CASE
X, W, N, D = Use.EXPORTED, Use.WITHHELD, Use.NOT_RECORDED, Use.DEPRECATED
_NAME = "protected identity (encrypted): never in an export"
_CONTACT = "not recorded for survivors; protected identity holds family contacts: never exported"
_ADDRESS = "protected identity (home address, encrypted): never in an export"
_FINE_PLACE = "Mukti places go down to the police station: the export stops at the state"
_STAFF = "names staff: left out, as in every Mukti export for partners"

FIELDS: tuple[Field, ...] = (
    # Person: survivors, and the accused of their cases (an identifier and nothing else).
    Field(P, "prs_Salutation", "Salutation", W, _NAME),
    Field(P, "prs_FirstName", "First Name", W, _NAME),
    Field(P, "prs_MiddleName", "Middle Name", W, _NAME),
    Field(P, "prs_SecondName", "Second Name", W, _NAME),
    Field(P, "prs_Birthdate", "Birthdate", W, "Survivor.birth_date: identifying; "
          "vic_AgeWhenTrafficked carries the age instead"),
    Field(P, "prs_Gender", "Gender", X, "Survivor.gender (female → Feminine, male → Masculine, "
          "transgender, other and not known → NonSpecifiedUnknown: Mukti does not record which "
          "transgender value applies); empty for the accused"),
    Field(P, "prs_Deceased", "Deceased", N, "not recorded"),
    Field(P, "prs_MaritalStatus", "Marital Status", N, "not recorded"),
    Field(P, "prs_NumberOfChildren", "Number of Children", N, "not recorded"),
    Field(P, "prs_PrimaryLanguage", "Primary Language", N,
          "Survivor.languages is free text, not ISO 639-2 codes: not exported"),
    Field(P, "prs_SecondaryLanguage", "Secondary Language", N, "as prs_PrimaryLanguage"),
    Field(P, "prs_HighestLevelOfEducation", "Highest Level of Education", N, "not recorded"),
    Field(P, "prs_Citizenship", "Citizenship", X,
          "Survivor.nationality (ISO 3166 two-letter code); empty for the accused"),
    Field(P, "prs_IdentityNumber", "Identity Number", W,
          "protected identity (identity documents, encrypted): never in an export"),
    Field(P, "prs_Title", "Title", N, "a position within an organisation: not a survivor's"),
    Field(P, "prs_Email", "Email", W, _CONTACT),
    Field(P, "prs_HomePhone", "Home Phone", W, _CONTACT),
    Field(P, "prs_MobilePhone", "Mobile Phone", W, _CONTACT),
    Field(P, "prs_MailingCity", "Mailing City", W, _ADDRESS),
    Field(P, "prs_MailingCountry", "Mailing Country", W, _ADDRESS),
    Field(P, "prs_MailingState", "Mailing State/Province", W, _ADDRESS),
    Field(P, "prs_MailingStreet", "Mailing Street", W, _ADDRESS),
    Field(P, "prs_MailingPostalCode", "Mailing Zip/Postal Code", W, _ADDRESS),
    Field(P, "prs_MailingLongitude", "Longitude", W, _ADDRESS),
    Field(P, "prs_MailingLatitude", "Latitude", W, _ADDRESS),
    # Person Victim Context: one row per survivor and case.
    Field(V, "vic_AgreementToManagePersonalData", "Agreement to Manage Personal Data", D,
          "deprecated in HTCDS 2.0 (replaced by the Consent section); Mukti exports only "
          "survivors whose data-sharing consent names the partner"),
    Field(V, "vic_TraffickingStatus", "Trafficking Status", N,
          "Mukti does not record a formal determination"),
    Field(V, "vic_TraffickingStatusDecisionMakingOrg",
          "Trafficking Status Decision Making Organization", N, "as vic_TraffickingStatus"),
    Field(V, "vic_RelationshipToTrafficker", "Relationship to Trafficker", N, "not recorded"),
    Field(V, "vic_AgeWhenTrafficked", "Age when Trafficked", X,
          "her age on Case.offence_date, from Survivor.birth_date or Survivor.age_years and "
          "the day it was assessed; empty when either is unknown"),
    Field(V, "vic_RecruitmentWebsitesAndApps", "Recruitment Websites and Apps", N,
          "not recorded"),
    Field(V, "vic_MethodOfRecruitment", "Method of Recruitment", N, "not recorded"),
    Field(V, "vic_LocationOfRecruitment", "Location of Recruitment", N,
          "a lookup to an organisation: not recorded (the place is in Historic Trafficking "
          "Events, type Recruitment)"),
    Field(V, "vic_MethodsOfControl", "Methods of Control", N, "not recorded"),
    Field(V, "vic_TypeOfExploitation", "Type of Exploitation", X,
          "Case.exploitation: sexual → SexualExploitation, labour → ForcedLabour, domestic "
          "servitude → Servitude, forced marriage → ForcedMarriage, begging → ForcedBegging, "
          "organ removal → OrganRemoval, forced criminality and other → Other"),
    Field(V, "vic_ForcedLabourIndustry", "Forced Labour Industry", N, "not recorded"),
    Field(V, "vic_TypeOfSexExploitation", "Type of Sex Exploitation", N, "not recorded"),
    Field(V, "vic_LocationOfExploitation", "Location of Exploitation", W,
          "a lookup to an organisation: the establishment where she was held names a place; "
          "the country and state are in Historic Trafficking Events, type Exploitation"),
    Field(V, "vic_ExploitationWebsitesAndApps", "Exploitation Websites and Apps", N,
          "not recorded"),
    Field(V, "vic_Vulnerabilities", "Vulnerabilities", D,
          "deprecated in HTCDS 2.0 (Assessment and Planning sections)"),
    Field(V, "vic_DetailsOfVulnerabilities", "Details Of Vulnerabilities", D,
          "deprecated in HTCDS 2.0"),
    # Person Perpetrator Context: one row per accused and case.
    Field(R, "per_RoleInProcess", "Role in Process", X,
          "CaseAccused.role: recruiter → RecruiterOrIntermediary, transporter → Transporter, "
          "brothel keeper, manager and employer → Exploiter, customer and other → Other"),
    Field(R, "per_RoleDetails", "Role Details", W,
          "free text about the accused (encrypted description): never exported"),
    Field(R, "per_Organisation", "Organisation", W,
          "the establishment he ran names a place: never exported"),
    # Historic Trafficking Events: one row per event and survivor.
    Field(E, "hte_Longitude", "Longitude", W, _FINE_PLACE),
    Field(E, "hte_Latitude", "Latitude", W, _FINE_PLACE),
    Field(E, "hte_City", "City", W, _FINE_PLACE),
    Field(E, "hte_Country", "Country", X,
          "Event.place: the country it lies in (its official code, e.g. IN, else its name)"),
    Field(E, "hte_State", "State", X, "Event.place: the state it lies in"),
    Field(E, "hte_Street", "Street", W, _FINE_PLACE),
    Field(E, "hte_PostalCode", "PostalCode", W, _FINE_PLACE),
    Field(E, "hte_Date", "Date", X,
          "Event.occurred_at, when known to the day (empty for a month, a year or unknown)"),
    Field(E, "hte_Type", "Type", X,
          "Event.type: trafficked → Recruitment; location identified and rescue → "
          "Exploitation (Mukti does not record transit as such)"),
    Field(E, "hte_Description", "Description", W,
          "Event.note is free text that may name people: never exported"),
    # Case
    Field(C, "cas_Status", "Status", X,
          "Case.status: closed → Closed; repatriation / reintegration → FollowUp; every other "
          "status → Active"),
    Field(C, "cas_ReasonForCaseClosure", "Reason for Case Closure", W,
          "free text that may name people: never exported"),
    Field(C, "cas_CaseOwner", "Case Owner", W, _STAFF),
    Field(C, "cas_ReferringOrganisation", "Referring Organisation", N,
          "Mukti records who gave the information in free text only"),
    Field(C, "cas_IncomingReferralDate", "Incoming Referral Date", N,
          "not recorded as such"),
    Field(C, "cas_ReferringPrimaryCaseWorker", "Referring Primary Case Worker", W, _STAFF),
    Field(C, "cas_ReasonForIncomingReferral", "Reason for Incoming Referral", N,
          "not recorded"),
    Field(C, "cas_IncomingReferralDetails", "Incoming Referral Details", N, "not recorded"),
    Field(C, "cas_ReferredOrganisation", "Referred Organisation", X,
          "Referral.to_organisation of the case's latest referral"),
    Field(C, "cas_ReferredPrimaryCaseWorker", "Referred Primary Case Worker", W, _STAFF),
    Field(C, "cas_ReasonForOutgoingReferral", "Reason for Outgoing Referral", N,
          "Referral.purpose is free text, not the standard's picklist"),
    Field(C, "cas_OutgoingReferralDate", "Outgoing Referral Date", X,
          "the day the latest Referral was made"),
    Field(C, "cas_OutgoingReferralDetails", "Outgoing Referral Details", W,
          "free text that may name people: never exported"),
)  # fmt: skip

# The link columns (not HTCDS fields: see the module's docstring), first in each table.
LINKS: dict[Table, tuple[str, ...]] = {
    Table.PERSON: ("mukti_PersonId",),
    Table.VICTIM: ("mukti_PersonId", "mukti_CaseId"),
    Table.PERPETRATOR: ("mukti_PersonId", "mukti_CaseId"),
    Table.EVENTS: ("mukti_EventId", "mukti_PersonId", "mukti_CaseId"),
    Table.CASE: ("mukti_CaseId",),
}

# File names inside the zip, one per table.
FILES: dict[Table, str] = {
    Table.PERSON: "Person.csv",
    Table.VICTIM: "PersonVictimContext.csv",
    Table.PERPETRATOR: "PersonPerpetratorContext.csv",
    Table.EVENTS: "HistoricTraffickingEvents.csv",
    Table.CASE: "Case.csv",
}


def columns(table: Table) -> list[str]:
    return [*LINKS[table], *(f.name for f in FIELDS if f.table == table and f.column)]


# Picklist values, exactly as the standard spells them ("Value Names").
GENDER = {
    "female": "Feminine",
    "male": "Masculine",
    "transgender": "NonSpecifiedUnknown",
    "other": "NonSpecifiedUnknown",
    "unknown": "NonSpecifiedUnknown",
}
EXPLOITATION = {
    "sexual": "SexualExploitation",
    "labour": "ForcedLabour",
    "domestic": "Servitude",
    "marriage": "ForcedMarriage",
    "begging": "ForcedBegging",
    "criminal": "Other",
    "organs": "OrganRemoval",
    "other": "Other",
}
ROLE_IN_PROCESS = {
    "recruiter": "RecruiterOrIntermediary",
    "transporter": "Transporter",
    "brothel_keeper": "Exploiter",
    "manager": "Exploiter",
    "employer": "Exploiter",
    "customer": "Other",
    "other": "Other",
}
CASE_STATUS = {"closed": "Closed", "reintegration": "FollowUp"}  # every other status: Active
EVENT_TYPE = {
    "trafficked": "Recruitment",
    "location_identified": "Exploitation",
    "rescue": "Exploitation",
}

# The standard's full picklists of the fields above, to check the mappings against (a test).
PICKLISTS: dict[str, frozenset[str]] = {
    "prs_Gender": frozenset(
        {
            "Feminine",
            "Masculine",
            "TransgenderFeminine",
            "TransgenderMasculine",
            "NonConforming",
            "NonSpecifiedUnknown",
        }
    ),
    "vic_TypeOfExploitation": frozenset(
        {
            "ForcedLabour",
            "SexualExploitation",
            "ChildLabour",
            "ForcedMarriage",
            "Servitude",
            "ForcedMilitaryByNonStateActors",
            "OrganRemoval",
            "ForcedBegging",
            "ForcedAdoption",
            "Surrogacy",
            "Other",
        }
    ),
    "per_RoleInProcess": frozenset(
        {
            "TravellingPartner",
            "Transporter",
            "RecruiterOrIntermediary",
            "BrokerTravelAgent",
            "TransferredIndividual",
            "HarbouredIndividual",
            "SoldIndividual",
            "BoughtIndividual",
            "ReceivedIndividual",
            "ControlledIndividual",
            "Smuggler",
            "Abuser",
            "Kidnapper",
            "Exploiter",
            "Other",
        }
    ),
    "cas_Status": frozenset({"Active", "FollowUp", "Closed", "ClosedReferred"}),
    "hte_Type": frozenset({"Recruitment", "Transit", "Exploitation"}),
}
