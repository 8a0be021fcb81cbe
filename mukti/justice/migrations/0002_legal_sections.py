"""The sections a trafficking case is charged under, with their titles and when each is in force.

IPC sections apply to offences up to 30 June 2024; BNS sections from 1 July 2024; the special
acts throughout. Titles follow the bare acts (check them there before changing one).
"""

import datetime as dt

from django.db import migrations

UNTIL = dt.date(2024, 6, 30)
FROM = dt.date(2024, 7, 1)

SECTIONS = {
    "IPC": (UNTIL, None, [
        ("120B", "Punishment of criminal conspiracy"),
        ("342", "Punishment for wrongful confinement"),
        ("366A", "Procuration of minor girl"),
        ("366B", "Importation of girl from foreign country"),
        ("370", "Trafficking of person"),
        ("370A", "Exploitation of a trafficked person"),
        ("372", "Selling minor for purposes of prostitution, etc."),
        ("373", "Buying minor for purposes of prostitution, etc."),
        ("374", "Unlawful compulsory labour"),
        ("376", "Punishment for rape"),
        ("506", "Punishment for criminal intimidation"),
    ]),
    "BNS": (None, FROM, [
        ("61", "Criminal conspiracy"),
        ("64", "Punishment for rape"),
        ("95", "Hiring, employing or engaging a child to commit an offence"),
        ("96", "Procuration of child"),
        ("98", "Selling child for purposes of prostitution, etc."),
        ("99", "Buying child for purposes of prostitution, etc."),
        ("127", "Wrongful restraint and wrongful confinement"),
        ("141", "Importation of girl or boy from foreign country"),
        ("143", "Trafficking of person"),
        ("144", "Exploitation of a trafficked person"),
        ("146", "Unlawful compulsory labour"),
        ("351", "Criminal intimidation"),
    ]),
    "ITPA": (None, None, [
        ("3", "Punishment for keeping a brothel or allowing premises to be used as a brothel"),
        ("4", "Punishment for living on the earnings of prostitution"),
        ("5", "Procuring, inducing or taking person for the sake of prostitution"),
        ("6", "Detaining a person in premises where prostitution is carried on"),
        ("7", "Prostitution in or in the vicinity of public place"),
        ("8", "Seducing or soliciting for purpose of prostitution"),
        ("9", "Seduction of a person in custody"),
    ]),
    "POCSO": (None, None, [
        ("4", "Punishment for penetrative sexual assault"),
        ("6", "Punishment for aggravated penetrative sexual assault"),
        ("8", "Punishment for sexual assault"),
        ("10", "Punishment for aggravated sexual assault"),
        ("12", "Punishment for sexual harassment"),
        ("14", "Punishment for using child for pornographic purposes"),
        ("17", "Punishment for abetment"),
    ]),
    "JJ": (None, None, [
        ("75", "Punishment for cruelty to child"),
        ("76", "Employment of child for begging"),
        ("79", "Exploitation of a child employee"),
        ("81", "Sale and procurement of children for any purpose"),
    ]),
    "BLA": (None, None, [
        ("16", "Punishment for enforcement of bonded labour"),
    ]),
}  # fmt: skip


def load(apps, schema_editor):
    LegalSection = apps.get_model("justice", "LegalSection")
    for act, (until, since, rows) in SECTIONS.items():
        for number, title in rows:
            LegalSection.objects.update_or_create(
                act=act,
                number=number,
                defaults={"title": title, "in_force_from": since, "in_force_until": until},
            )


def unload(apps, schema_editor):
    apps.get_model("justice", "LegalSection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("justice", "0001_justice_records")]
    operations = [migrations.RunPython(load, unload)]
