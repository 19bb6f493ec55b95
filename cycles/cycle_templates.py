"""The cycle templates the platform ships: plan-do-reflect, and the value circle (waardencirkel)
with which Hilversum made narrative accountability part of its grant decisions (magazine,
chapter 3: "a plan-do-check-act, translated to values, in four steps").

Editors add others in the admin (Snippets → Cycle templates); these two are made by the cycles
migration and by ``setup_site``, and never changed once they exist (an editor may have edited
them)."""

BUILT_IN = [
    {
        "key": "plan-do-reflect",
        "position": 0,
        "name_nl": "Plannen, doen, reflecteren",
        "name_en": "Plan, do, reflect",
        "description_nl": "Je maakt samen een plan. Je probeert het uit. Daarna kijk je samen terug en geef je de "
        "waarden een score. Dan begint een nieuwe ronde.",
        "description_en": "You make a plan together, try it out, then look back together and score the values. "
        "Then a new loop starts.",
        "steps": [
            (
                "plan",
                "Plannen",
                "Plan",
                "Wat willen we deze ronde uitproberen? Wat is het doel?",
                "What do we want to try this loop? What is the goal?",
                False,
            ),
            (
                "do",
                "Doen",
                "Do",
                "We proberen het uit. Schrijf op wat je ziet en hoort.",
                "We try it out. Write down what you see and hear.",
                False,
            ),
            (
                "reflect",
                "Reflecteren",
                "Reflect",
                "Wat hebben we geleerd? Geef elke waarde een score.",
                "What did we learn? Score each value.",
                True,
            ),
        ],
    },
    {
        "key": "value-circle",
        "position": 1,
        "name_nl": "Waardencirkel",
        "name_en": "Value circle",
        "description_nl": "Vier stappen rond gedeelde waarden, zoals in Hilversum bij narratief verantwoorden. "
        "Je verzamelt verhalen, toetst ze aan de waarden en stelt samen bij.",
        "description_en": "Four steps around shared values, as Hilversum used for narrative accountability. "
        "You collect stories, check them against the values and adjust together.",
        "steps": [
            (
                "values",
                "Waarden benoemen",
                "Name the values",
                "Welke waarden delen we? Wat betekenen ze in de praktijk?",
                "Which values do we share? What do they mean in practice?",
                False,
            ),
            (
                "stories",
                "Verhalen verzamelen",
                "Collect stories",
                "Luister naar inwoners en professionals. Schrijf hun verhalen op, met toestemming.",
                "Listen to residents and professionals. Write down their stories, with their consent.",
                False,
            ),
            (
                "check",
                "Toetsen aan de waarden",
                "Check against the values",
                "Lezen we onze waarden terug in de verhalen? Geef elke waarde een score.",
                "Do we see our values in the stories? Score each value.",
                True,
            ),
            (
                "adjust",
                "Bijstellen en terugkoppelen",
                "Adjust and feed back",
                "Wat veranderen we in beleid en praktijk? Vertel de vertellers wat er met hun verhaal gebeurt.",
                "What do we change in policy and practice? Tell the storytellers what happens with their story.",
                False,
            ),
        ],
    },
]


def ensure_built_in(template_model, step_model):
    """Make the built-in templates that do not exist yet; leave existing ones as they are.
    Takes the model classes so the migration can pass its historical ones. Returns the
    plan-do-reflect template."""
    for definition in BUILT_IN:
        fields = {k: v for k, v in definition.items() if k != "steps"}
        template, created = template_model.objects.get_or_create(key=fields.pop("key"), defaults=fields)
        if created:
            step_model.objects.bulk_create(
                step_model(
                    template=template,
                    position=position,
                    key=key,
                    name_nl=name_nl,
                    name_en=name_en,
                    guidance_nl=guidance_nl,
                    guidance_en=guidance_en,
                    scores_values=scores,
                )
                for position, (key, name_nl, name_en, guidance_nl, guidance_en, scores) in enumerate(
                    definition["steps"]
                )
            )
    return template_model.objects.get(key="plan-do-reflect")
