from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<id:pk>/vragen/", views.question_list, name="questions"),
    path("<id:pk>/vragen/stellen/", views.ask, name="question_ask"),
    path("<id:pk>/vragen/sluiting/", views.set_closing, name="questions_closing"),
    path("<id:pk>/vragen.csv", views.export_csv, name="questions_csv"),
    path("<id:pk>/vragen/beantwoording.pdf", views.document_pdf, name="questions_pdf"),
    path(
        "<id:pk>/vragen/beantwoording/opnieuw/",
        views.remake_document,
        name="questions_pdf_remake",
    ),
    path("<id:pk>/vragen/<id:qid>/", views.question_detail, name="question"),
    path("<id:pk>/vragen/<id:qid>/toewijzen/", views.assign, name="question_assign"),
    path("<id:pk>/vragen/<id:qid>/antwoord/", views.save_answer, name="question_answer"),
    path("<id:pk>/vragen/<id:qid>/vrijgeven/", views.release, name="question_release"),
    path("<id:pk>/vragen/<id:qid>/samenvoegen/", views.merge, name="question_merge"),
    path("<id:pk>/notities/", views.notes, name="notes"),
]
