"""The review workflow as admin actions; each step is a service in services.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from commitments import services
from commitments.services import WorkflowError


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the city"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the city should check or change before submitting again."),
    )


class VerifyForm(forms.Form):
    remark = forms.CharField(
        label=_("Verification remark"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you checked, and against which source."),
    )


def _apply(modeladmin, request, queryset, step, **kwargs) -> int:
    """Run a workflow step on each record; report how many it did not apply to."""
    done = refused = 0
    for record in queryset:
        try:
            step(record=record, by=request.user, **kwargs)
        except WorkflowError:
            refused += 1
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d record done.", "%(count)d records done.", done)
            % {"count": done},
            messages.SUCCESS,
        )
    modeladmin.message_refused(request, refused)
    return done


def _intermediate_page(modeladmin, request, queryset, *, form, action, title, intro):
    """The page asking for a comment before an action runs on the chosen rows."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "form": form,
        "records": queryset,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/commitments/review_step.html", context)


@admin.action(description=_("Submit for review"), permissions=["change"])
def submit_for_review(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.submit_for_review)


@admin.action(description=_("Publish"), permissions=["publish"])
def publish(modeladmin, request, queryset):
    _apply(modeladmin, request, queryset, services.publish)


@admin.action(
    description=_("Return to the city with a comment"), permissions=["publish"]
)
def return_to_city(modeladmin, request, queryset):
    form = ReturnForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        _apply(
            modeladmin,
            request,
            queryset,
            services.return_to_city,
            comment=form.cleaned_data["comment"],
        )
        return None
    return _intermediate_page(
        modeladmin,
        request,
        queryset,
        form=form,
        action="return_to_city",
        title=_("Return to the city"),
        intro=_(
            "These records go back to their city's editors with your comment, "
            "by email too."
        ),
    )


@admin.action(description=_("Verify progress update"), permissions=["publish"])
def verify_update(modeladmin, request, queryset):
    form = VerifyForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        for update in queryset:
            services.verify_update(
                update=update, by=request.user, remark=form.cleaned_data["remark"]
            )
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d progress update verified.",
                "%(count)d progress updates verified.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
        return None
    return _intermediate_page(
        modeladmin,
        request,
        queryset,
        form=form,
        action="verify_update",
        title=_("Verify progress updates"),
        intro=_(
            "The public pages will say these updates were verified by the editors, "
            "beside what the city reported."
        ),
    )


REVIEW_ACTIONS = (submit_for_review, publish, return_to_city)
