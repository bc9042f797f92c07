from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from duoplus import account_views
from duoplus import views as core_views
from duoplus.forms import LoginForm
from reports import views as report_views

admin.site.site_header = "Duo+ portaal – beheer"
admin.site.site_title = "Duo+ beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("", report_views.home, name="home"),
    path("raad/", report_views.council_list, name="council_list"),
    path("mijn-werk/", report_views.my_work, name="my_work"),
    path("rapportages/", include("reports.urls")),
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
