from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/teksten/<int:entry_pk>/bewerken/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/teksten/<int:entry_pk>/versies/", views.entry_history, name="entry_history"),
    path(
        "<int:pk>/teksten/<int:entry_pk>/versies/<int:version>/terugzetten/",
        views.entry_restore,
        name="entry_restore",
    ),
    path("<int:pk>/herinneren/", views.remind, name="remind"),
    path("<int:pk>/indienen/", views.submit, name="submit"),
    path("<int:pk>/goedkeuren/", views.approve, name="approve"),
    path("<int:pk>/terugsturen/", views.send_back, name="send_back"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/corrigeren/", views.correct, name="correct"),
    path("<int:pk>/brief/", views.letter_edit, name="letter_edit"),
    path("<int:pk>/pdf/<slug:council>/", views.pdf_download, name="pdf_download"),
    path("<int:pk>/pdf/<slug:council>/opnieuw/", views.rerender_pdf, name="pdf_rerender"),
]
