"""Records of the survey routes for the permission matrix."""

import datetime as dt

PUBLIC = {"surveys.answer", "surveys.thanks"}


def records(ctx) -> dict:
    from qms.surveys import services

    qm = ctx["editors"]["author"]
    now = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)

    def make(publish: bool):
        survey = services.create_survey(actor=qm, now=now, kind="client", year=2026,
                                        unit_id=None, title="Aptauja", intro="",
                                        ask_unit=False, distributed=None)
        question = services.add_question(survey, actor=qm, now=now, kind="likert",
                                         text="Laipnība", required=True)
        services.add_question(survey, actor=qm, now=now, kind="text", text="Ieteikumi")
        if publish:
            services.publish(survey, actor=qm, now=now)
        return survey, question

    draft, draft_question = make(False)
    open_survey, _question = make(True)
    paper = services.enter_paper_results(open_survey, actor=qm, now=now, questionnaires=6,
                                         counts={_question.id: {5: 6}})
    return {"survey_id": open_survey.id, "survey_question_id": draft_question.id,
            "survey_token": open_survey.token, "survey_response_id": paper.id,
            "overrides": {"surveys.edit": {"survey_id": draft.id},
                          "surveys.add_question": {"survey_id": draft.id},
                          "surveys.preview": {"survey_id": draft.id}}}
