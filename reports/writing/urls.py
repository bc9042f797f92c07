from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<int:pk>/teksten/<int:entry_pk>/bewerken/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/teksten/<int:entry_pk>/versies/", views.entry_history, name="entry_history"),
    path(
        "<int:pk>/teksten/<int:entry_pk>/versies/<int:version>/terugzetten/",
        views.entry_restore,
        name="entry_restore",
    ),
    path("<int:pk>/herinneren/", views.remind, name="remind"),
    path("<int:pk>/brief/", views.letter_edit, name="letter_edit"),
]

# At the top level: none ("Mijn werk" is the portal's: it gathers writing and review).
site_urlpatterns: list = []
