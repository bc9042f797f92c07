from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<id:pk>/zienswijze/verzenden/", views.send, name="consultation_send"),
    path("<id:pk>/zienswijzen/", views.overview, name="consultation"),
    path("<id:pk>/zienswijzen/termijn/", views.change_term, name="consultation_term"),
    path(
        "<id:pk>/zienswijzen/<slug:council>/antwoord/",
        views.respond,
        name="consultation_respond",
    ),
    path(
        "<id:pk>/zienswijzen/<slug:council>/toestemming/",
        views.consent,
        name="consultation_consent",
    ),
    path(
        "<id:pk>/zienswijzen/<slug:council>/v<int:version>/raadsbesluit.pdf",
        views.decision_file,
        name="consultation_decision_file",
    ),
    path(
        "<id:pk>/zienswijzen/<slug:council>/reactie/",
        views.reaction,
        name="consultation_reaction",
    ),
    path(
        "<id:pk>/zienswijzen/reacties/indienen/",
        views.submit_reactions,
        name="consultation_reactions_submit",
    ),
    path(
        "<id:pk>/zienswijzen/reacties/goedkeuren/",
        views.approve_reactions,
        name="consultation_reactions_approve",
    ),
    path(
        "<id:pk>/zienswijzen/reacties/terugsturen/",
        views.send_back_reactions,
        name="consultation_reactions_send_back",
    ),
    path("<id:pk>/zienswijzen/besluit/", views.record_decision, name="consultation_decision"),
    path("<id:pk>/zienswijzen/gs/", views.record_dispatch, name="consultation_dispatch"),
    path(
        "<id:pk>/zienswijzen/documenten/<id:document>/",
        views.document,
        name="consultation_document",
    ),
    path(
        "<id:pk>/zienswijzen/documenten/<id:document>/opnieuw/",
        views.remake_document,
        name="consultation_document_remake",
    ),
]
