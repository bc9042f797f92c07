"""The portal's URLs plus a bare view returning a fixed response (the bench's ceiling)."""

from django.http import HttpResponse
from django.urls import path

from duoplus.urls import urlpatterns as portal


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal]
