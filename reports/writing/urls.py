from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<id:pk>/teksten/<id:entry_pk>/bewerken/", views.entry_edit, name="entry_edit"),
    path("<id:pk>/teksten/<id:entry_pk>/versies/", views.entry_history, name="entry_history"),
    path(
        "<id:pk>/teksten/<id:entry_pk>/versies/<id:version>/terugzetten/",
        views.entry_restore,
        name="entry_restore",
    ),
    path("<id:pk>/herinneren/", views.remind, name="remind"),
    path("<id:pk>/brief/", views.letter_edit, name="letter_edit"),
]

# At the top level: none ("Mijn werk" is the portal's: it gathers writing and review).
site_urlpatterns: list = []
