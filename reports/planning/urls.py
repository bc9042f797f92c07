from django.urls import path

from . import views

# At the top level (duoplus.urls).
site_urlpatterns = [
    path("kalender/", views.calendar_today, name="calendar_today"),
    path("kalender/<id:year>/", views.calendar_year, name="calendar"),
    path("kalender/<id:year>/genereren/", views.calendar_generate, name="calendar_generate"),
    path("kalender/<id:year>/ronde/nieuw/", views.round_new, name="round_new"),
    path("kalender/ronde/<id:pk>/bewerken/", views.round_edit, name="round_edit"),
    path("kalender/ronde/<id:pk>/openen/", views.round_open, name="round_open"),
    path("kalender/ronde/<id:pk>/verwijderen/", views.round_delete, name="round_delete"),
    path("kalender/agenda/", views.feed_manage, name="calendar_feed_manage"),
    path("kalender/agenda/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
