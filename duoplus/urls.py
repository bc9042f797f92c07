from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duoplus import account_views
from duoplus import views as core_views
from duoplus.forms import LoginForm
from reports import calendar_views
from reports import views as report_views

admin.site.site_header = "Duo+ portaal – beheer"
admin.site.site_title = "Duo+ beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", report_views.home, name="home"),
    path("raad/", report_views.council_list, name="council_list"),
    path("mijn-werk/", report_views.my_work, name="my_work"),
    path("rapportages/", include("reports.urls")),
    path("kalender/", calendar_views.calendar_today, name="calendar_today"),
    path("kalender/<int:year>/", calendar_views.calendar_year, name="calendar"),
    path(
        "kalender/<int:year>/genereren/",
        calendar_views.calendar_generate,
        name="calendar_generate",
    ),
    path("kalender/<int:year>/ronde/nieuw/", calendar_views.round_new, name="round_new"),
    path("kalender/ronde/<int:pk>/bewerken/", calendar_views.round_edit, name="round_edit"),
    path("kalender/ronde/<int:pk>/openen/", calendar_views.round_open, name="round_open"),
    path("kalender/ronde/<int:pk>/verwijderen/", calendar_views.round_delete, name="round_delete"),
    path("kalender/agenda/", calendar_views.feed_manage, name="calendar_feed_manage"),
    path("kalender/agenda/<str:token>.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("rapportages/", include("budget.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/tweestapsverificatie/", account_views.verify, name="two_factor_verify"),
    path(
        "accounts/tweestapsverificatie/instellen/",
        account_views.setup,
        name="two_factor_setup",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("beheer/", admin.site.urls),
    path("health/", core_views.health, name="health"),
    path("toegankelijkheid/", core_views.accessibility, name="accessibility"),
]
